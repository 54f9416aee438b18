package dev.outrider.toolbox.testresults;

import dev.outrider.spi.JobFiles;
import java.io.IOException;
import java.io.InputStream;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A report file opened for streaming with the JDK's StAX parser, DTDs and external entities off.
 * Problems come out as {@link Malformed} with the message Semaphore's Go tool would show.
 */
final class XmlDocument implements AutoCloseable {

    /** The file is not well-formed XML (or is empty). */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    private static final XMLInputFactory FACTORY = factory();

    private final InputStream in;
    private final XMLStreamReader reader;

    private XmlDocument(InputStream in, XMLStreamReader reader) {
        this.in = in;
        this.reader = reader;
    }

    static XmlDocument open(JobFiles files, String path) throws IOException {
        InputStream in = new AttributeLineBreaks(files.open(path));
        try {
            return new XmlDocument(in, FACTORY.createXMLStreamReader(in));
        } catch (XMLStreamException e) {
            in.close();
            throw new IOException("cannot read " + path + " as XML: " + e.getMessage(), e);
        }
    }

    /** @return the root element, before any of its content is read */
    XmlElement root() throws Malformed {
        try {
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamConstants.START_ELEMENT) {
                    return new XmlElement(reader);
                }
            }
        } catch (XMLStreamException e) {
            if (String.valueOf(e.getMessage()).contains("Premature end of file")) {
                throw new Malformed("EOF");
            }
            throw malformed(e);
        }
        throw new Malformed("EOF");
    }

    /** @return the problem as Go's XML decoder words it: {@code XML syntax error on line N: ...} */
    static Malformed malformed(XMLStreamException e) {
        Location location = e.getLocation();
        String message = String.valueOf(e.getMessage());
        int detail = message.indexOf("Message: ");
        if (detail >= 0) {
            message = message.substring(detail + "Message: ".length());
        }
        if (message.contains("must start and end within the same entity") || message.contains("end of file")) {
            message = "unexpected EOF";
        }
        int line = location == null ? 0 : location.getLineNumber();
        return new Malformed("XML syntax error on line " + line + ": " + message);
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } catch (XMLStreamException ignored) {
            // the stream below is closed anyway
        } finally {
            in.close();
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        return factory;
    }
}
