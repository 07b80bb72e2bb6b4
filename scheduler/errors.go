package scheduler

import "errors"

// ErrInvalidConfig is matched (with [errors.Is]) by every validation error
// that [New], [Validate] and [SetConfig] return. The concrete error is a
// [*ConfigError] naming the setting.
var ErrInvalidConfig = errors.New("invalid config")

// ErrUnknownKey is returned, wrapped, by [SetConfig] and [GetConfig] for a
// key that is not one of [ConfigKeys]. The message lists the valid keys and
// suggests the closest one.
var ErrUnknownKey = errors.New("unknown config key")

// ConfigError is a setting with a bad value. Its message is one lowercase
// line naming the setting by its config key, such as
// "desired-retention must be between 0.70 and 0.99, got 1.5". It matches
// [ErrInvalidConfig].
type ConfigError struct {
	Key string // the config key, one of ConfigKeys
	Msg string // the whole message, starting with Key
}

func (e *ConfigError) Error() string { return e.Msg }

// Unwrap returns [ErrInvalidConfig].
func (e *ConfigError) Unwrap() error { return ErrInvalidConfig }
