// pdfjs_text.mjs — the text pdf.js (Mozilla's reader, Firefox's) finds in many PDFs, in one
// node process.
//   node test/tools/pdfjs_text.mjs PDFJS_MODULE FILE...   (or "-": the files one a line on stdin)
// PDFJS_MODULE: test/node_modules/pdfjs-dist/legacy/build/pdf.mjs (the build for Node 18).
// One JSON object a line on standard output:
//   {"file": "...", "pages": N, "text": "...", "warnings": ["..."], "error": null}
// The text is each page's text items in order (a new line where pdf.js marks the end of a
// line, a form feed after each page); the warnings are what pdf.js said while reading.
import { readFileSync } from 'fs';
import { pathToFileURL } from 'url';

const [moduleArg, ...args] = process.argv.slice(2);
const pdfjs = await import(pathToFileURL(moduleArg).href);

// pdf.js's warnings go through console.log ("Warning: ..."); collected per file
let warnings = [];
const log = console.log;
console.log = (...a) => warnings.push(a.join(' '));

let files = args;
if (args.length === 1 && args[0] === '-')
	files = readFileSync(0, 'utf8').split('\n').filter((l) => l);

for (const file of files) {
	warnings = [];
	const res = { file, pages: 0, text: '', warnings, error: null };
	try {
		const data = new Uint8Array(readFileSync(file));
		const doc = await pdfjs.getDocument({
			data, useSystemFonts: false, disableFontFace: true,
			verbosity: pdfjs.VerbosityLevel.WARNINGS, isEvalSupported: false,
		}).promise;
		res.pages = doc.numPages;
		let out = '';
		for (let i = 1; i <= doc.numPages; i++) {
			const page = await doc.getPage(i);
			const tc = await page.getTextContent();
			for (const it of tc.items) {
				out += it.str;
				if (it.hasEOL)
					out += '\n';
			}
			out += '\n\f';
			page.cleanup();
		}
		res.text = out;
		await doc.destroy();
	} catch (e) {
		res.error = String(e);
	}
	process.stdout.write(JSON.stringify(res) + '\n');
}
console.log = log;
