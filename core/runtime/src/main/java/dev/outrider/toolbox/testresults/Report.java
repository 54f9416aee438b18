package dev.outrider.toolbox.testresults;

import dev.outrider.spi.JobFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A report file of the job, with what detection learns of it kept for the parsers tried after.
 */
final class Report {
    private final JobFiles files;
    private final String path;
    private final String shown;
    private XmlShape shape;
    private String text;

    /**
     * @param path  absolute, in the job's file system
     * @param shown the path as messages show it (as the job gave it)
     */
    Report(JobFiles files, String path, String shown) {
        this.files = files;
        this.path = path;
        this.shown = shown;
    }

    String shown() {
        return shown;
    }

    String path() {
        return path;
    }

    JobFiles files() {
        return files;
    }

    /** @return the file name's extension with its dot, as Go's {@code filepath.Ext} */
    String extension() {
        return extensionOf(path);
    }

    static String extensionOf(String path) {
        for (int i = path.length() - 1; i >= 0 && path.charAt(i) != '/'; i--) {
            if (path.charAt(i) == '.') {
                return path.substring(i);
            }
        }
        return "";
    }

    /** @return what one streaming pass over the XML found (the pass is made once) */
    XmlShape shape() throws IOException {
        if (shape == null) {
            shape = XmlShape.of(files, path);
        }
        return shape;
    }

    /** @return the whole file as text (for the linters' JSON, which is small) */
    String text() throws IOException {
        if (text == null) {
            try (InputStream in = files.open(path)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return text;
    }
}
