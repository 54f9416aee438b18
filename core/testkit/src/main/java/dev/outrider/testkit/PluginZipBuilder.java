package dev.outrider.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds a PF4J plugin zip from Java sources at test time, as a third party would: compiled against
 * the given class path (the SPI and PF4J), PF4J's annotation processor writing the extension index,
 * then zipped as {@code plugin.properties}, {@code classes/} and {@code lib/}.
 */
public final class PluginZipBuilder {

    private final String id;
    private String version = "1.0.0";
    private String description = "";
    private final List<Path> sourceRoots = new ArrayList<>();
    private final List<Path> classpath = new ArrayList<>();
    private final List<Path> libraries = new ArrayList<>();

    private PluginZipBuilder(String id) {
        this.id = Objects.requireNonNull(id, "id");
    }

    /** @param id the plugin id */
    public static PluginZipBuilder plugin(String id) {
        return new PluginZipBuilder(id);
    }

    public PluginZipBuilder version(String version) {
        this.version = version;
        return this;
    }

    public PluginZipBuilder description(String description) {
        this.description = description;
        return this;
    }

    /** Adds a folder of {@code .java} sources. */
    public PluginZipBuilder sources(Path root) {
        sourceRoots.add(root);
        return this;
    }

    /** Adds jars to compile against (not bundled: the host provides them). */
    public PluginZipBuilder compileAgainst(List<Path> jars) {
        classpath.addAll(jars);
        return this;
    }

    /** Adds a jar to bundle in {@code lib/}. */
    public PluginZipBuilder library(Path jar) {
        libraries.add(jar);
        return this;
    }

    /**
     * Compiles and zips the plugin.
     *
     * @param directory where the zip goes
     * @return the zip, {@code <id>-<version>.zip}
     */
    public Path build(Path directory) {
        try {
            Path classes = compiled();
            Path zip = directory.resolve(id + "-" + version + ".zip");
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
                out.putNextEntry(new ZipEntry("plugin.properties"));
                out.write(("plugin.id=" + id + "\nplugin.version=" + version + "\nplugin.description=" + description
                        + "\nplugin.provider=test\n").getBytes(StandardCharsets.ISO_8859_1));
                out.closeEntry();
                addTree(out, "classes/", classes);
                for (Path library : libraries) {
                    addFile(out, "lib/" + library.getFileName(), library);
                }
            }
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build plugin '" + id + "'", e);
        }
    }

    /**
     * Compiles the plugin into a plain jar with a PF4J manifest (no {@code lib/}: a jar plugin
     * carries no libraries of its own).
     *
     * @param directory where the jar goes
     * @return the jar, {@code <id>-<version>.jar}
     */
    public Path buildJar(Path directory) {
        if (!libraries.isEmpty()) {
            throw new IllegalStateException("a jar plugin cannot bundle libraries; build a zip");
        }
        try {
            Path classes = compiled();
            Manifest manifest = new Manifest();
            Attributes attributes = manifest.getMainAttributes();
            attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            attributes.putValue("Plugin-Id", id);
            attributes.putValue("Plugin-Version", version);
            attributes.putValue("Plugin-Description", description);
            attributes.putValue("Plugin-Provider", "test");
            Path jar = directory.resolve(id + "-" + version + ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
                addTree(out, "", classes);
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build plugin '" + id + "'", e);
        }
    }

    private Path compiled() throws IOException {
        Path work = Files.createTempDirectory("outrider-plugin-" + id + "-");
        Path classes = Files.createDirectories(work.resolve("classes"));
        compile(classes);
        return classes;
    }

    private static void addTree(ZipOutputStream out, String prefix, Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                addFile(out, prefix + root.relativize(file).toString().replace('\\', '/'), file);
            }
        }
    }

    private void compile(Path classes) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no Java compiler: run the tests on a JDK, not a JRE");
        }
        List<Path> sources = new ArrayList<>();
        for (Path root : sourceRoots) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
            }
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String path = String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList());
        List<String> options = List.of("--release", "21", "-classpath", path, "-processorpath", path,
                "-proc:full", "-d", classes.toString());
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = compiler.getTask((Writer) null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            if (!ok) {
                StringBuilder report = new StringBuilder("plugin '" + id + "' does not compile:");
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    report.append('\n').append(d);
                }
                throw new IllegalStateException(report.toString());
            }
        }
        if (!Files.exists(classes.resolve("META-INF/extensions.idx"))) {
            throw new IllegalStateException("plugin '" + id + "': PF4J's annotation processor wrote no extension "
                    + "index; is pf4j on the class path and is every extension annotated with @Extension?");
        }
    }

    private static void addFile(ZipOutputStream out, String name, Path file) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        try (OutputStream entry = new NonClosing(out)) {
            Files.copy(file, entry);
        }
        out.closeEntry();
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() {
            // the zip entry is closed by the caller
        }
    }
}
