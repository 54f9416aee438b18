package dev.outrider.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.outrider.config.ConfigFiles.ConfigCase;
import dev.outrider.job.fuzz.FuzzBudget;
import dev.outrider.job.fuzz.ScratchFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Configuration files at volume, read as {@code outrider start} reads them ({@link ConfigLoader} in start
 * mode, no environment, no flags): a valid file is taken, and every file is either taken or refused with a
 * {@link ConfigException} that names the file and the key (a file that is no YAML: the file and the line).
 */
@AddLifecycleHook(FuzzBudget.class)
class ConfigFileFuzzTest {

    private static Path folder;

    @BeforeContainer
    static void createFolder() {
        folder = ScratchFolder.create("outrider-config-fuzz-");
    }

    @AfterContainer
    static void deleteFolder() {
        ScratchFolder.delete(folder);
    }

    @Property(tries = FuzzBudget.JOB_REQUESTS / 10, seed = "20261206")
    void everyConfigurationFileIsTakenOrRefusedNamingTheFileAndTheKey(@ForAll("files") ConfigCase file) throws IOException {
        Path path = Files.writeString(folder.resolve("outrider.yml"), file.yaml(), StandardCharsets.UTF_8);

        Throwable thrown = catchThrowable(() -> ConfigLoader.load(Optional.of(path), Map.of(), Map.of(),
                ConfigLoader.Mode.START));

        if (file.expected().accepted()) {
            assertThat(thrown).as("refused although valid").isNull();
            return;
        }
        if (file.expected().refused()) {
            assertThat(thrown).as("taken although broken").isNotNull();
        }
        if (thrown != null) {
            assertThat(thrown).isExactlyInstanceOf(ConfigException.class).hasMessageStartingWith(path + ": ")
                    .hasMessageContaining(file.expected().key());
            // a file that is no YAML: the line, unless the whole document is too large
            if (thrown.getMessage().contains("not valid YAML") && !thrown.getMessage().matches("(?s).*(the document has|aliases copy) more than.*")) {
                assertThat(thrown).hasMessageMatching("(?s).*line \\d+.*");
            }
        }
    }

    @Provide
    Arbitrary<ConfigCase> files() {
        return ConfigFiles.cases();
    }
}
