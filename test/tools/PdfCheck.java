// PdfCheck — Apache PDFBox on many PDFs in one JVM (a JVM start costs about a second).
//
// For each PDF named on the command line (or, with "-", one a line on standard input):
// PDFBox Preflight's PDF/A-1b validation (what org.apache.pdfbox.preflight.Validator_A1b
// does), then the text as PDFBox's ExtractText gives it (PDFTextStripper, its defaults), and
// the warnings PDFBox logged while reading. The results go to standard output as one JSON
// object a line:
//   {"file": "...", "valid": true, "errors": ["2.4.3: details", ...],
//    "warnings": ["..."], "text": "..."}
// A file PDFBox cannot open at all gets "valid": false and its exception as an error.
//
// Compiled by test/e2e/pdf_readers.py into build/ (javac), or run as a single-file source
// (java PdfCheck.java); the classpath is Debian's libpdfbox2-java, libjaxb-api-java and
// libactivation-java.
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.preflight.PreflightDocument;
import org.apache.pdfbox.preflight.ValidationResult;
import org.apache.pdfbox.preflight.ValidationResult.ValidationError;
import org.apache.pdfbox.preflight.parser.PreflightParser;
import org.apache.pdfbox.text.PDFTextStripper;

public class PdfCheck {
	// PDFBox logs through commons-logging, which without log4j goes to java.util.logging:
	// the warnings of one file are collected here and reported with it
	static final List<String> logged = new ArrayList<>();

	static String json(String s) {
		StringBuilder b = new StringBuilder("\"");
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
			case '"': b.append("\\\""); break;
			case '\\': b.append("\\\\"); break;
			case '\n': b.append("\\n"); break;
			case '\r': b.append("\\r"); break;
			case '\t': b.append("\\t"); break;
			default:
				if (c < 0x20)
					b.append(String.format("\\u%04x", (int) c));
				else
					b.append(c);
			}
		}
		return b.append('"').toString();
	}

	static String jsonList(List<String> v) {
		StringBuilder b = new StringBuilder("[");
		for (int i = 0; i < v.size(); i++)
			b.append(i > 0 ? ", " : "").append(json(v.get(i)));
		return b.append(']').toString();
	}

	static void check(String path, PrintStream out) {
		List<String> errors = new ArrayList<>();
		boolean valid = false;
		String text = "";
		logged.clear();
		File file = new File(path);
		long t0 = System.nanoTime();
		try {
			PreflightParser parser = new PreflightParser(file);
			parser.parse();
			try (PreflightDocument doc = parser.getPreflightDocument()) {
				doc.validate();
				ValidationResult result = doc.getResult();
				valid = result.isValid();
				for (ValidationError e : result.getErrorsList())
					errors.add(e.getErrorCode() + ": " + e.getDetails());
			}
		} catch (Exception e) {
			errors.add("preflight: " + e);
		}
		long t1 = System.nanoTime();
		try (PDDocument doc = PDDocument.load(file)) {
			text = new PDFTextStripper().getText(doc);
		} catch (Exception e) {
			errors.add("text: " + e);
			valid = false;
		}
		long t2 = System.nanoTime();
		out.println("{\"file\": " + json(path) + ", \"ms\": [" + (t1 - t0) / 1000000 + ", " +
			    (t2 - t1) / 1000000 + "], \"valid\": " + valid + ", \"errors\": " +
			    jsonList(errors) + ", \"warnings\": " + jsonList(logged) + ", \"text\": " +
			    json(text) + "}");
		out.flush();
	}

	public static void main(String[] args) throws Exception {
		Logger root = Logger.getLogger("");
		for (Handler h : root.getHandlers())
			root.removeHandler(h);
		root.addHandler(new Handler() {
			@Override
			public void publish(LogRecord r) {
				if (r.getLevel().intValue() >= Level.WARNING.intValue())
					logged.add(r.getLoggerName() + ": " + r.getMessage());
			}
			@Override
			public void flush() {}
			@Override
			public void close() {}
		});
		PrintStream out = new PrintStream(System.out, false, "UTF-8");
		List<String> files = new ArrayList<>();
		for (String a : args) {
			if (a.equals("-")) {
				BufferedReader in = new BufferedReader(
					new InputStreamReader(System.in, StandardCharsets.UTF_8));
				for (String line; (line = in.readLine()) != null;)
					if (!line.isEmpty())
						files.add(line);
			} else {
				files.add(a);
			}
		}
		for (String f : files)
			check(f, out);
	}
}
