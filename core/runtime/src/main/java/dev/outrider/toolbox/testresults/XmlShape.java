package dev.outrider.toolbox.testresults;

import dev.outrider.spi.JobFiles;
import java.io.IOException;
import javax.xml.stream.XMLStreamException;

/**
 * What automatic detection looks at in an XML report, found in one streaming pass: the root, the
 * names of the top suites and whether one declares a {@code go.version} property. A file that is
 * not well-formed matches nothing (the generic parser then reports the problem).
 *
 * @param wellFormed  the whole root element parsed
 * @param root        the root element's name
 * @param rootName    its {@code name} attribute
 * @param elixirSuite the root suite, or a suite right below the root, is named {@code Elixir.*}
 * @param goSuite     the root suite, or a suite right below the root, has a {@code go.version} property
 *                    in its first {@code <properties>}
 */
record XmlShape(boolean wellFormed, String root, String rootName, boolean elixirSuite, boolean goSuite) {

    static final XmlShape MALFORMED = new XmlShape(false, "", "", false, false);

    static XmlShape of(JobFiles files, String path) throws IOException {
        try (XmlDocument document = XmlDocument.open(files, path)) {
            XmlElement root = document.root();
            boolean[] elixir = {false};
            boolean[] go = {false};
            switch (root.name()) {
                case "testsuite" -> {
                    elixir[0] = isElixir(root);
                    go[0] = declaresGo(root);
                }
                case "testsuites" -> root.children(child -> {
                    if (child.name().equals("testsuite")) {
                        elixir[0] |= isElixir(child);
                        go[0] |= declaresGo(child);
                    }
                });
                default -> root.skip();
            }
            return new XmlShape(true, root.name(), root.attribute("name"), elixir[0], go[0]);
        } catch (XmlDocument.Malformed | XMLStreamException e) {
            return MALFORMED;
        }
    }

    private static boolean isElixir(XmlElement suite) {
        return suite.attribute("name").startsWith("Elixir.");
    }

    private static boolean declaresGo(XmlElement suite) throws XMLStreamException {
        boolean[] seen = {false};
        boolean[] found = {false};
        suite.children(child -> {
            if (child.name().equals("properties") && !seen[0]) {
                seen[0] = true;
                child.children(property -> found[0] |= property.attribute("name").equals("go.version"));
            }
        });
        return found[0];
    }
}
