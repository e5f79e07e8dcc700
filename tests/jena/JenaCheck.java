// Apache Jena (an engine IPCO did not write) as the Python tests use it, in one JVM per call:
//   shacl SHAPES      then, one job a line on standard input, OUT<TAB>DATA...: validates the union of
//                     the DATA files against SHAPES and writes Jena's report graph to OUT (N-Triples);
//   reason RULESET OUT FILE...: closes the union of the FILEs under Jena's OWL rule reasoner
//                     (micro, mini or full), writes every triple of the closure to OUT (N-Triples) and
//                     prints the reasoner's validity report, one line each: error|warning<TAB>type<TAB>text.
// JSON-LD is read with Jena's JSON-LD 1.0 reader: Debian ships no JSON-P provider for the 1.1 one.
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.util.Iterator;
import org.apache.jena.graph.Graph;
import org.apache.jena.rdf.model.InfModel;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.reasoner.Reasoner;
import org.apache.jena.reasoner.ReasonerRegistry;
import org.apache.jena.reasoner.ValidityReport;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RDFParserBuilder;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;

public class JenaCheck {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("shacl")) {
            Shapes shapes = Shapes.parse(load(new String[] {args[1]}, 0).getGraph());
            BufferedReader jobs = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
            for (String line = jobs.readLine(); line != null; line = jobs.readLine()) {
                String[] job = line.split("\t");
                Graph data = load(job, 1).getGraph();
                ValidationReport report = ShaclValidator.get().validate(shapes, data);
                write(report.getModel(), job[0]);
            }
        } else if (args[0].equals("reason")) {
            Reasoner reasoner = switch (args[1]) {
                case "micro" -> ReasonerRegistry.getOWLMicroReasoner();
                case "mini" -> ReasonerRegistry.getOWLMiniReasoner();
                default -> ReasonerRegistry.getOWLReasoner();
            };
            InfModel closure = ModelFactory.createInfModel(reasoner, load(args, 3));
            write(closure, args[2]);
            for (Iterator<ValidityReport.Report> i = closure.validate().getReports(); i.hasNext(); ) {
                ValidityReport.Report report = i.next();
                String text = String.valueOf(report.getDescription()).replace('\n', ' ').replace('\t', ' ');
                System.out.println((report.isError() ? "error" : "warning") + "\t" + report.getType() + "\t" + text);
            }
        } else {
            throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** The union of the files from index {@code first} on, each in the syntax its name says. */
    private static Model load(String[] files, int first) {
        Model model = ModelFactory.createDefaultModel();
        for (int i = first; i < files.length; i++) {
            RDFParserBuilder parser = RDFParser.source(files[i]);
            if (files[i].endsWith(".jsonld")) {
                parser.forceLang(Lang.JSONLD10);
            }
            parser.parse(model.getGraph());
        }
        return model;
    }

    private static void write(Model model, String path) throws Exception {
        try (OutputStream out = new FileOutputStream(path)) {
            RDFDataMgr.write(out, model, Lang.NTRIPLES);
        }
    }
}
