package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.dist.Installation.Result;
import dev.outrider.testkit.S3Server;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The `cache` command of jobs run by `outrider run`, against a real S3 server (S3Proxy on 127.0.0.1)
 * through the bundled s3 backend: Semaphore's subcommands, messages and exit codes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CacheCommandIT {

    private static final String BUCKET = "semaphore-cache";

    private S3Server s3;

    @TempDir
    Path work;

    @BeforeAll
    void startS3() {
        s3 = S3Server.start();
        s3.bucket(BUCKET);
    }

    @AfterAll
    void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    /** Runs a job whose commands run in a fresh folder; the agent's cache setting is given as YAML, or none. */
    private Result job(String cacheYaml, Map<String, String> env, String... commands) throws Exception {
        return jobWithJavaOptions("", cacheYaml, env, commands);
    }

    private Result jobWithJavaOptions(String javaOptions, String cacheYaml, Map<String, String> env, String... commands)
            throws Exception {
        Path job = LocalJobFile.write(work.resolve("job.json"), "cache-job",
                Files.createDirectories(work.resolve("job-" + System.nanoTime())), env, List.of(commands));
        Path config = Files.writeString(work.resolve("outrider.yml"), cacheYaml);
        Process outrider = Installation.start(work, Map.of("OUTRIDER_JAVA_OPTS", javaOptions), "run", "--config",
                config.toString(), job.toString());
        if (!outrider.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)) {
            outrider.destroyForcibly();
            throw new AssertionError("the job did not end within 10 minutes");
        }
        return Result.of(outrider, work);
    }

    private String cacheSetting(String project) {
        return """
                cache:
                  backend: s3
                  options: {endpoint: "%s", bucket: %s, access-key: %s, secret-key: %s}
                """.formatted(s3.endpoint(), BUCKET, S3Server.ACCESS_KEY, S3Server.SECRET_KEY);
    }

    @Test
    void everySubcommandWorksAgainstTheAgentTypesBackend() throws Exception {
        Result run = job(cacheSetting("p"), Map.of("SEMAPHORE_PROJECT_ID", "project-a"),
                "mkdir -p data/sub && echo hello > data/sub/file.txt",
                "cache store my/key data",
                "cache store my-key data",
                "cache has_key my-key",
                "rm -rf data && cache restore nothing,my",
                "cat data/sub/file.txt",
                "cache list",
                "cache usage",
                "cache has_key absent || echo has-key-exit-$?",
                "cache delete my-key && cache delete my-key",
                "cache is_not_empty || echo is-not-empty-exit-$?",
                "cache store other data && cache clear && cache list");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("Key 'my/key' is normalized to 'my-key'.", "Compressing data...",
                "Uploading 'data' with cache key 'my-key'...", "Upload complete. Duration: ",
                "Key 'my-key' already exists.", "Key 'my-key' exists in the cache store.",
                "MISS: 'nothing'.", "HIT: 'my', using key 'my-key'.", "Downloading key 'my-key'...",
                "Restored: data/.", "hello",
                "NAME", "FREE SPACE: (unlimited)", "USED SPACE: ",
                "Key 'absent' doesn't exist in the cache store.", "has-key-exit-1",
                "Key 'my-key' is deleted.", "Key 'my-key' doesn't exist in the cache store.",
                "is-not-empty-exit-1", "Deleted all caches.", "Cache is empty.");
        assertThat(run.stdout()).containsPattern("my-key +[0-9.]+K? +[0-9]{2} [A-Z][a-z]{2} [0-9]{2} [0-9:]{5} ");
        assertThat(run.stdout() + run.stderr()).doesNotContain(S3Server.SECRET_KEY);
    }

    @Test
    void semaphoresEnvironmentVariablesSelectTheBackendWhenTheAgentSetsNone() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SEMAPHORE_PROJECT_ID", "project-env");
        env.put("SEMAPHORE_CACHE_BACKEND", "s3");
        env.put("SEMAPHORE_CACHE_S3_URL", s3.endpoint());
        env.put("SEMAPHORE_CACHE_S3_BUCKET", BUCKET);
        env.put("SEMAPHORE_CACHE_S3_KEY", S3Server.ACCESS_KEY);
        env.put("SEMAPHORE_CACHE_S3_SECRET", S3Server.SECRET_KEY);
        Path absolute = Files.createDirectories(work.resolve("absolute-" + System.nanoTime()));
        Files.writeString(absolute.resolve("a.txt"), "from an absolute path");

        Result run = job("{}\n", env, "cache store abs " + absolute, "rm -rf " + absolute,
                "cache restore abs", "cat " + absolute + "/a.txt");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("HIT: 'abs', using key 'abs'.", "Restored: " + absolute + "/.",
                "from an absolute path");
    }

    @Test
    void anArchiveWhoseFirstEntryIsRelativeIsUnpackedWithoutMinusPAsSemaphoresCliDoes() throws Exception {
        // an archive made elsewhere: a relative first entry, then an absolute one; Semaphore's CLI unpacks it
        // with tar xzf (no -P), so the absolute member lands below the working folder, not at its absolute path
        Path absolute = work.resolve("abs-member-" + System.nanoTime());
        Result run = job(cacheSetting("p"), Map.of("SEMAPHORE_PROJECT_ID", "project-mixed"),
                "mkdir -p rel " + absolute + " && echo relative > rel/r.txt && echo absolute > " + absolute + "/a.txt",
                "{ tar czPf - rel " + absolute + " && printf '\\nOUTRIDER-ARCHIVE-COMPLETE\\n'; } | curl -sS -T - -H"
                        + " \"Authorization: Bearer $OUTRIDER_TOOLBOX_TOKEN\""
                        + " \"$OUTRIDER_TOOLBOX_URL/cache/store?SEMAPHORE_PROJECT_ID=project-mixed&key=mixed\"",
                "rm -rf rel " + absolute, "cache restore mixed",
                "cat rel/r.txt ." + absolute + "/a.txt", "test -e " + absolute + " || echo not-at-the-absolute-path");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("HIT: 'mixed', using key 'mixed'.", "Restored: rel/.",
                "relative\nabsolute", "not-at-the-absolute-path");
    }

    @Test
    void anArchiveTheCommandStoresIsAStandardTarGzThatGzipAndTarRead() throws Exception {
        // the agent compresses on all its cores; what it stores must still be what `tar czf` would be to readers
        Result run = job(cacheSetting("p"), Map.of("SEMAPHORE_PROJECT_ID", "standard"),
                "mkdir -p data && head -c 3000000 /dev/urandom > data/random.bin && seq 1 300000 > data/lines.txt",
                "cache store std data",
                "curl -sS --fail -o std.tar.gz -H \"Authorization: Bearer $OUTRIDER_TOOLBOX_TOKEN\""
                        + " \"$OUTRIDER_TOOLBOX_URL/cache/archive?SEMAPHORE_PROJECT_ID=standard&key=std\"",
                "gzip -t std.tar.gz && echo gzip-reads-it",
                "mkdir out && tar xzf std.tar.gz -C out && diff -r data out/data && echo tar-reads-it",
                "test $(stat -c %s std.tar.gz) -lt 4000000 && echo compressed",
                "rm -rf data && cache restore std && diff -r data out/data && echo restored-intact");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("gzip-reads-it", "tar-reads-it", "compressed", "Restored: data/.",
                "restored-intact");
    }

    @Test
    void aFailingCacheDoesNotFailTheJobUnlessCacheFailOnErrorIsTrue() throws Exception {
        Result unconfigured = job("{}\n", Map.of("SEMAPHORE_PROJECT_ID", "p"), "mkdir d", "cache store k d",
                "echo still-running");
        assertThat(unconfigured.exitCode()).as(unconfigured.toString()).isZero();
        assertThat(unconfigured.stdout()).contains("error: no SEMAPHORE_CACHE_BACKEND environment variable set",
                "still-running");

        Result strict = job("{}\n", Map.of("SEMAPHORE_PROJECT_ID", "p", "CACHE_FAIL_ON_ERROR", "true"), "mkdir d",
                "cache store k d", "echo never");
        assertThat(strict.exitCode()).as(strict.toString()).isEqualTo(1);
        assertThat(strict.stdout()).contains("error: no SEMAPHORE_CACHE_BACKEND environment variable set")
                .doesNotContain("never");
    }

    @Test
    void aDockerJobUsesTheCacheThroughItsContainer() throws Exception {
        String image = Files.readAllLines(Path.of("/tmp/outrider-test-docker.env")).stream()
                .filter(line -> line.startsWith("OUTRIDER_TEST_TOOLBOX_IMAGE=")).map(line -> line.substring(28))
                .findFirst().orElse("outrider-test/toolbox:2");
        JsonArray directives = new JsonArray();
        for (String command : List.of("mkdir -p /work/data && cd /work && echo from-a-container > data/f.txt",
                "cache store container-key data", "rm -rf data && cache restore container-key",
                "cat data/f.txt && id -un")) {
            directives.add(new JsonObject().put("directive", command));
        }
        Path job = Files.writeString(work.resolve("docker-job.json"), new JsonObject().put("job_id", "docker-cache-job")
                .put("env_vars", new JsonArray().add(new JsonObject().put("name", "SEMAPHORE_PROJECT_ID")
                        .put("value", Base64.getEncoder().encodeToString("in-docker".getBytes(StandardCharsets.UTF_8)))))
                .put("commands", directives).encode());
        Path config = Files.writeString(work.resolve("docker.yml"), cacheSetting("p") + """
                executor: docker
                executor-options: {default-image: "%s", pull-policy: never}
                """.formatted(image));

        Result run = Installation.run(work, "run", "--config", config.toString(), job.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("Starting a new bash session.", "Upload complete.",
                "HIT: 'container-key', using key 'container-key'.", "Restored: data/.", "from-a-container");
    }

    @Test
    void twoStoresOfOneKeyAtOnceLeaveOneWholeArchive() throws Exception {
        Result run = job(cacheSetting("p"), Map.of("SEMAPHORE_PROJECT_ID", "race"),
                "mkdir -p a/x b/x && head -c 20000000 /dev/urandom > a/x/data && head -c 20000000 /dev/urandom > b/x/data",
                "md5sum a/x/data b/x/data | sed 's| [ab]/x/data||' > sums.txt",
                "(cd a && cache store same x) & (cd b && cache store same x) & wait",
                "mkdir c && cd c && cache restore same && md5sum x/data | sed 's| x/data||' > ../restored.txt",
                "cd .. && grep -qxFf restored.txt sums.txt && echo one-whole-archive",
                "cache list | grep -c '^same ' ");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("one-whole-archive", "Restored: x/.");
    }

    @Test
    void anArchiveThatCouldNotBeMadeIsNotStored() throws Exception {
        Result run = job(cacheSetting("p"), Map.of("SEMAPHORE_PROJECT_ID", "broken-tar"),
                "mkdir -p data fakebin && head -c 3000000 /dev/urandom > data/big.bin",
                // a tar that writes part of the archive, then fails, as on a file it cannot read
                "printf '#!/bin/bash\\n/usr/bin/tar \"$@\" | head -c 100000\\nexit 2\\n' > fakebin/tar && chmod +x fakebin/tar",
                "PATH=$PWD/fakebin:$PATH cache store half data",
                "cache has_key half || echo not-stored");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("error: cannot archive 'data'", "Key 'half' doesn't exist in the cache store.",
                "not-stored").doesNotContain("Upload complete");
    }

    @Test
    void wrongCredentialsAndAnUnreachableStoreAreReportedAndTheJobGoesOn() throws Exception {
        String wrongSecret = cacheSetting("p").replace(S3Server.SECRET_KEY, "not-the-secret");
        Result wrong = job(wrongSecret, Map.of("SEMAPHORE_PROJECT_ID", "p"), "mkdir d", "cache store k d",
                "echo still-running");
        assertThat(wrong.exitCode()).as(wrong.toString()).isZero();
        assertThat(wrong.stdout()).contains("error: cannot look up key 'k' in bucket '" + BUCKET + "' at " + s3.endpoint(),
                "still-running").doesNotContain("not-the-secret");

        String unreachable = cacheSetting("p").replace(s3.endpoint(), "http://127.0.0.1:9");
        Result down = job(unreachable, Map.of("SEMAPHORE_PROJECT_ID", "p"), "cache restore k", "echo still-running");
        assertThat(down.exitCode()).as(down.toString()).isZero();
        assertThat(down.stdout()).contains("error: cannot list the keys in bucket '" + BUCKET + "' at http://127.0.0.1:9",
                "still-running");
    }

    @Test
    void storeAndRestoreWithoutArgumentsCacheTheDependenciesOfTheLockFilesFound() throws Exception {
        Result run = job(cacheSetting("p"), Map.of("SEMAPHORE_PROJECT_ID", "autocache", "SEMAPHORE_GIT_BRANCH", "feature/x"),
                "export HOME=$PWD/home && mkdir -p $HOME",
                "echo '{}' > package-lock.json && mkdir -p node_modules/left-pad && echo npm > node_modules/left-pad/index.js",
                "echo '<project/>' > pom.xml && mkdir -p .m2/repository && echo maven > .m2/repository/a.jar",
                "echo 'example.com/m v1 h1:x' > go.sum && mkdir -p $HOME/go/pkg/mod && echo go > $HOME/go/pkg/mod/m.go",
                "echo 'requests==2.0' > requirements.txt && mkdir -p .pip_cache && echo pip > .pip_cache/wheel",
                "cache store",
                "rm -rf node_modules .m2 $HOME/go .pip_cache",
                "cache restore",
                "cat node_modules/left-pad/index.js .m2/repository/a.jar $HOME/go/pkg/mod/m.go .pip_cache/wheel",
                "cache list",
                "mkdir empty && cd empty && cache store && cache restore");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String npmSum = md5("{}\n");
        assertThat(run.stdout()).contains("Detected package-lock.json.", "Using default cache path 'node_modules'.",
                "Detected pom.xml.", "Using default cache path '.m2'.", "Using default cache path 'target'.",
                "'target' doesn't exist locally.", "Detected go.sum.", "Detected requirements.txt.",
                "Using default cache path '.pip_cache'.",
                "Fetching 'node_modules' directory with cache keys 'node-modules-feature-x-" + npmSum
                        + ",node-modules-feature-x,node-modules-master,node-modules-main'...",
                "HIT: 'node-modules-feature-x-" + npmSum + "', using key 'node-modules-feature-x-" + npmSum + "'.",
                "npm\nmaven\ngo\npip", "maven-feature-x-", "go-feature-x-", "requirements-feature-x-",
                "Nothing to store in cache.", "Nothing to restore from cache.");
    }

    @Test
    void aOneGibibyteArchiveGoesThereAndBackWithTheAgentsHeapLimitedTo128Mebibytes() throws Exception {
        // progress every second: with parallel compression the store may take less than the default 10 s
        Result run = jobWithJavaOptions("-Xmx128m", cacheSetting("p"),
                Map.of("SEMAPHORE_PROJECT_ID", "big", "OUTRIDER_CACHE_PROGRESS_SECONDS", "1"),
                "mkdir -p big && head -c 1073741824 /dev/urandom > big/random.bin && md5sum big/random.bin > sum.txt",
                "cache store one-gibibyte big",
                "rm -rf big && cache restore one-gibibyte",
                "md5sum -c sum.txt && stat -c 'size %s' big/random.bin");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        // a transfer longer than the interval says how far it got
        assertThat(run.stdout()).containsPattern("Uploaded [0-9.]+[KMG] so far \\([0-9.]+[KMG]?/s\\)\\.");
        assertThat(run.stdout()).contains("Upload complete.", "Restored: big/.", "big/random.bin: OK",
                "size 1073741824").containsPattern("Compression complete\\. Duration: [^ ]+\\. Size: 1\\.0G bytes\\.");
        assertThat(run.stderr()).doesNotContain("OutOfMemoryError");
    }

    private static String md5(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void wrongArgumentsPrintTheHelpAnUnknownSubcommandFailsAndAnotherJobsTokenIsRefused() throws Exception {
        Result run = job(cacheSetting("p"), Map.of("SEMAPHORE_PROJECT_ID", "p"), "cache store only-a-key",
                "cache; echo help-exit-$?", "cache nonsense || echo unknown-exit-$?",
                "cache store --force k . || echo unknown-flag-exit-$?",
                "cache list -x || echo unknown-shorthand-exit-$?",
                "mkdir -p d && cache store d-key d -c SIZE && cache store --cleanup-by=NAME k d",
                "cache list --sort-by SIZE", "cache restore --help",
                "OUTRIDER_TOOLBOX_TOKEN=another-jobs-token cache list");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("Incorrect number of arguments!", "Available Commands:", "help-exit-0",
                "Error: unknown command \"nonsense\" for \"cache\"", "unknown-exit-1",
                "Error: unknown flag: --force", "unknown-flag-exit-1",
                "Error: unknown shorthand flag: 'x' in -x", "unknown-shorthand-exit-1",
                "Upload complete.", "error: sorting keys by 'NAME' is not supported",
                "d-key", "Restore keys from the cache.", "  cache restore [keys] [flags]",
                "error: this job's toolbox channel is closed, or the token is not this job's");
    }
}
