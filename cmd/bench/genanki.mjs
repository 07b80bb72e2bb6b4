// genanki.mjs: the genanki-js peer of cmd/bench/run.sh. It reads an Anki
// text-import file written by "starcards export tsv" and writes the same
// notes (fields, guids, note types, decks, tags) as an .apkg with genanki-js
// 2.0.0: its Package.write into a sql.js database, then JSZip, as its
// writeToFile does in a browser (which hands the blob to FileSaver instead).
//
//	node genanki.mjs NODE_MODULES IN.tsv OUT.apkg
//
// NODE_MODULES is where run.sh installed genanki-js (with its sql.js and
// jszip). genanki-js ships as an ES module without "type": "module", so it
// is imported from a copy named .mjs, with two import lines adapted to Node.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const [modules, input, output] = process.argv.slice(2);
if (!output) {
  console.error("usage: node genanki.mjs NODE_MODULES IN.tsv OUT.apkg");
  process.exit(2);
}
const require = createRequire(path.join(modules, "x.js"));
const lib = path.join(modules, "genanki-js", "dist", "genanki.mjs");
if (!fs.existsSync(lib)) {
  // Its named imports of CommonJS packages (file-saver, js-sha256) are
  // what a bundler allows and Node does not: import their defaults instead.
  const src = fs.readFileSync(path.join(modules, "genanki-js", "dist", "genanki.js"), "utf8")
    .replace('import { saveAs } from "file-saver";', 'import fileSaver from "file-saver"; const { saveAs } = fileSaver;')
    .replace('import { sha256 } from "js-sha256";', 'import jsSha256 from "js-sha256"; const { sha256 } = jsSha256;');
  fs.writeFileSync(lib, src);
}
const { Model, ClozeModel, Deck, Package, APKG_SCHEMA } = await import(pathToFileURL(lib).href);
const initSqlJs = require("sql.js");
const JSZip = require("jszip");

// The header says which columns hold the guid, note type, deck and tags
// (1-based); the rest are fields.
const lines = fs.readFileSync(input, "utf8").split("\n");
const col = {};
const rows = [];
for (const line of lines) {
  if (line === "") continue;
  const m = /^#(guid|notetype|deck|tags) column:(\d+)$/.exec(line);
  if (m) {
    col[m[1]] = Number(m[2]) - 1;
    continue;
  }
  if (line.startsWith("#")) continue;
  rows.push(line.split("\t"));
}
const special = new Set(Object.values(col));

// One model per note type, with as many fields as its notes have; cloze if
// its notes have cloze deletions.
const models = new Map();
const decks = new Map();
let id = 1_700_000_000_000;
for (const row of rows) {
  const fields = row.filter((_, i) => !special.has(i));
  const type = row[col.notetype];
  let model = models.get(type);
  if (!model) {
    const cloze = fields.some((f) => f.includes("{{c1::"));
    const flds = fields.map((_, i) => ({ name: `F${i}` }));
    const props = { id: id++, name: type, flds, req: [[0, "all", [0]]] };
    if (cloze) {
      model = new ClozeModel({ ...props, tmpl: { qfmt: "{{cloze:F0}}", afmt: "{{cloze:F0}}" } });
    } else {
      model = new Model({ ...props, tmpls: [{ name: "Card 1", qfmt: "{{F0}}", afmt: "{{FrontSide}}<hr id=answer>{{F1}}" }] });
    }
    models.set(type, model);
  }
  let deck = decks.get(row[col.deck]);
  if (!deck) {
    deck = new Deck(id++, row[col.deck]);
    decks.set(row[col.deck], deck);
  }
  const tags = row[col.tags] ? row[col.tags].split(" ") : [];
  deck.addNote(model.note(fields, tags, row[col.guid]));
}

const SQL = await initSqlJs();
const db = new SQL.Database();
db.run(APKG_SCHEMA);
const pkg = new Package();
for (const deck of decks.values()) pkg.addDeck(deck);
pkg.write(db);
const zip = new JSZip();
zip.file("collection.anki2", db.export());
zip.file("media", "{}");
// As writeToFile does: JSZip's defaults (stored, not deflated).
const out = await zip.generateAsync({ type: "nodebuffer" });
fs.writeFileSync(output, out);
console.error(`genanki-js: wrote ${output}: ${rows.length} notes, ${models.size} note types, ${decks.size} decks`);
