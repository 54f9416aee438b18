package dev.outrider.toolbox.testresults;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * An element of a report being read with StAX: its name and attributes at once, then either its
 * children one at a time, its own text, or nothing (skipped). Only what a caller keeps stays in memory.
 */
final class XmlElement {

    /** Reads a child element; whatever it leaves unread is skipped. */
    interface ChildReader {
        void read(XmlElement child) throws XMLStreamException;
    }

    private final XMLStreamReader reader;
    private final String name;
    private final Map<String, String> attributes;
    private boolean ended;

    /** @param reader positioned at the element's start */
    XmlElement(XMLStreamReader reader) {
        this.reader = reader;
        this.name = localName(reader.getLocalName());
        Map<String, String> read = new LinkedHashMap<>();
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            read.put(localName(reader.getAttributeLocalName(i)), reader.getAttributeValue(i));
        }
        this.attributes = read;
    }

    String name() {
        return name;
    }

    /** @return the attributes by local name, in document order (a repeated name keeps its last value) */
    Map<String, String> attributes() {
        return attributes;
    }

    /** @return an attribute's value, {@code ""} when absent */
    String attribute(String attribute) {
        return attributes.getOrDefault(attribute, "");
    }

    /** Reads the child elements in order, to the end of this element. */
    void children(ChildReader childReader) throws XMLStreamException {
        while (!ended) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                XmlElement child = new XmlElement(reader);
                childReader.read(child);
                child.skip();
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                ended = true;
            }
        }
    }

    /** @return this element's own text (its children's text left out), reading to its end */
    String text() throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        while (!ended) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                case XMLStreamConstants.START_ELEMENT -> new XmlElement(reader).skip();
                case XMLStreamConstants.END_ELEMENT -> ended = true;
                default -> { }
            }
        }
        return text.toString();
    }

    /** Reads to the end of this element, keeping nothing. */
    void skip() throws XMLStreamException {
        int depth = 0;
        while (!ended) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (depth == 0) {
                    ended = true;
                } else {
                    depth--;
                }
            }
        }
    }

    private static String localName(String qualified) {
        int colon = qualified.indexOf(':');
        return colon < 0 ? qualified : qualified.substring(colon + 1);
    }
}
