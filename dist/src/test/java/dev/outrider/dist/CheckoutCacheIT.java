package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.dist.Installation.Result;
import dev.outrider.testkit.GitOrigin;
import dev.outrider.testkit.S3Server;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code checkout --use-cache} in jobs of {@code outrider run}, with the agent type's cache on a real S3
 * server (S3Proxy on 127.0.0.1) and a real repository over {@code file://}: a miss clones and stores a
 * {@code git-cache-} key, a hit in {@code $HOME} fetches into the restored repository, an outdated key
 * is replaced, and a hit restored outside {@code $HOME} is not used (toolbox.md §4.5, Errata 10).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckoutCacheIT {

    private static final String BUCKET = "semaphore-cache";
    private static final Pattern KEY = Pattern.compile("git-cache-[0-9a-f-]{36}-[0-9]+");

    @TempDir
    static Path work;

    private S3Server s3;
    private GitOrigin origin;

    @BeforeAll
    void start() {
        s3 = S3Server.start();
        s3.bucket(BUCKET);
        origin = GitOrigin.create(work);
    }

    @AfterAll
    void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    /** A job of a project whose commands run with $HOME and the working directory in a new folder. */
    private Result job(String project, Map<String, String> more, String... commands) throws Exception {
        Path home = Files.createDirectories(work.resolve("home-" + System.nanoTime()));
        JsonArray directives = new JsonArray().add(new JsonObject().put("directive", "export HOME=" + home + " && cd ~"));
        for (String command : commands) {
            directives.add(new JsonObject().put("directive", command));
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SEMAPHORE_PROJECT_ID", project);
        env.put("SEMAPHORE_JOB_ID", UUID.randomUUID().toString());
        env.put("SEMAPHORE_GIT_URL", origin.fileUrl());
        env.put("SEMAPHORE_GIT_BRANCH", "main");
        env.put("SEMAPHORE_GIT_SHA", origin.sha("main~1"));
        env.put("SEMAPHORE_GIT_DIR", "repo");
        env.put("SEMAPHORE_GIT_REF", "refs/heads/main");
        env.putAll(more);
        JsonArray vars = new JsonArray();
        env.forEach((name, value) -> vars.add(new JsonObject().put("name", name)
                .put("value", Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))));
        Path job = Files.writeString(work.resolve("job.json"), new JsonObject().put("job_id", "checkout-job")
                .put("env_vars", vars).put("commands", directives).encode());
        Path config = Files.writeString(work.resolve("outrider.yml"), """
                cache:
                  backend: s3
                  options: {endpoint: "%s", bucket: %s, access-key: %s, secret-key: %s}
                """.formatted(s3.endpoint(), BUCKET, S3Server.ACCESS_KEY, S3Server.SECRET_KEY));
        Process outrider = Installation.start(work, "run", "--config", config.toString(), job.toString());
        if (!outrider.waitFor(10, TimeUnit.MINUTES)) {
            outrider.destroyForcibly();
            throw new AssertionError("the job did not end within 10 minutes");
        }
        return Result.of(outrider, work);
    }

    private static String key(String text) {
        Matcher matcher = KEY.matcher(text);
        assertThat(matcher.find()).as("a git-cache- key in:\n" + text).isTrue();
        return matcher.group();
    }

    @Test
    void aMissClonesAndStoresTheRepositoryAndTheNextJobFetchesIntoTheRestoredOne() throws Exception {
        Result miss = job("miss-then-hit", Map.of(), "checkout --use-cache", "pwd", "git rev-parse HEAD", "cache list");

        assertThat(miss.exitCode()).as(miss.toString()).isZero();
        assertThat(miss.stdout()).contains("[Experimental stability] Using cached Git repository.",
                "MISS: 'git-cache-'.", "Cloning into 'repo'...", "No git cache... caching",
                "Uploading 'repo' with cache key 'git-cache-", "\n" + origin.sha("main~1") + "\n")
                .containsPattern("\n/.*/home-[0-9]+/repo\n");
        String stored = key(miss.stdout());

        Result hit = job("miss-then-hit", Map.of(), "checkout --use-cache", "pwd", "git rev-parse HEAD",
                "echo \"fail on error: $CACHE_FAIL_ON_ERROR\"");

        assertThat(hit.exitCode()).as(hit.toString()).isZero();
        assertThat(hit.stdout()).contains("HIT: 'git-cache-', using key '" + stored + "'.", "Restored cache\n",
                "diff: ", "Git cache up-to-data.", "\n" + origin.sha("main~1") + "\n", "fail on error: true")
                .containsPattern("\n/.*/home-[0-9]+/repo\n").doesNotContain("Cloning into", "No git cache");
    }

    @Test
    void anOutdatedKeyIsReplacedByANewOne() throws Exception {
        Result first = job("outdated", Map.of(), "checkout --use-cache");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        String old = key(first.stdout());

        Result refresh = job("outdated", Map.of("SEMAPHORE_GIT_CACHE_AGE", "-1"), "checkout --use-cache",
                "cd .. && cache list");

        assertThat(refresh.exitCode()).as(refresh.toString()).isZero();
        assertThat(refresh.stdout()).contains("Restored cache\n", "Git cache outdated, refreshing...",
                "Key '" + old + "' is deleted.");
        String listed = refresh.stdout().substring(refresh.stdout().lastIndexOf("NAME"));
        assertThat(KEY.matcher(listed).results().map(MatchResult::group)).hasSize(1).doesNotContain(old);
    }

    @Test
    void aRepositoryRestoredOutsideHomeIsNotUsed() throws Exception {
        Result first = job("elsewhere", Map.of(), "checkout --use-cache");
        assertThat(first.exitCode()).as(first.toString()).isZero();

        Result elsewhere = job("elsewhere", Map.of(), "mkdir sub && cd sub", "checkout --use-cache", "pwd",
                "git rev-parse HEAD");

        assertThat(elsewhere.exitCode()).as(elsewhere.toString()).isZero();
        assertThat(elsewhere.stdout()).contains("HIT: 'git-cache-'", "Cloning into 'repo'...", "Git cache up-to-data.",
                "\n" + origin.sha("main~1") + "\n").containsPattern("\n/.*/home-[0-9]+/sub/repo\n")
                .doesNotContain("Restored cache");
    }
}
