// Loads an ontology file with the OWL API (never fetching an import: a missing import is reported) and
// prints, one tab-separated line each, its header, the imports it could not load and every OWL 2 RL
// and OWL 2 DL profile violation, so the Python tests can read the verdict of an implementation IPCO
// did not write.
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.profiles.*;

public class ProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
            .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT)
            .setFollowRedirects(false);
        manager.setOntologyLoaderConfiguration(config);
        manager.getIRIMappers().clear();
        manager.addMissingImportListener(e -> System.out.println("missing-import\t" + e.getImportedOntologyURI()));
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(
            new org.semanticweb.owlapi.io.FileDocumentSource(new File(args[0])), config);
        System.out.println("ontology\t" + ontology.getOntologyID().getOntologyIRI().map(IRI::toString).orElse(""));
        System.out.println("axioms\t" + ontology.getAxiomCount());
        for (OWLProfile profile : new OWLProfile[] {new OWL2RLProfile(), new OWL2DLProfile()}) {
            for (OWLProfileViolation violation : profile.checkOntology(ontology).getViolations()) {
                String text = violation.toString().replace('\n', ' ').replace('\t', ' ');
                System.out.println(profile.getName() + "\t" + violation.getClass().getSimpleName() + "\t" + text);
            }
        }
    }
}
