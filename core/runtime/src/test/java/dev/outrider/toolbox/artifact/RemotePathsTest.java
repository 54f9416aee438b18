package dev.outrider.toolbox.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RemotePathsTest {

    private final RemotePaths job = new RemotePaths(Scope.JOB, "1");

    @Test
    void pushKeepsTheCleanedSourceAndStoresItsBaseNameUnlessADestinationIsGiven() {
        assertThat(job.push("./long/path/to/x.zip", "")).isEqualTo(new RemotePaths.Resolved("long/path/to/x.zip",
                "artifacts/jobs/1/x.zip"));
        assertThat(job.push("/x.zip", "/long/path/to/y.zip")).isEqualTo(new RemotePaths.Resolved("/x.zip",
                "artifacts/jobs/1/long/path/to/y.zip"));
        assertThat(job.push("x.zip", "../../y.zip").destination()).isEqualTo("artifacts/jobs/1/y.zip");
        assertThat(new RemotePaths(Scope.PROJECT, "p").push("dir/", "").destination()).isEqualTo("artifacts/projects/p/dir");
    }

    @Test
    void pullTakesTheRemotePathRelativeAndKeepsAnAbsoluteDestination() {
        assertThat(job.pull("/long/path/to/x.zip", "")).isEqualTo(new RemotePaths.Resolved(
                "artifacts/jobs/1/long/path/to/x.zip", "x.zip"));
        assertThat(job.pull("x.zip", "/abs/./y.zip").destination()).isEqualTo("/abs/y.zip");
        assertThat(new RemotePaths(Scope.WORKFLOW, "w").yank("./a/b")).isEqualTo("artifacts/workflows/w/a/b");
    }

    @Test
    void relativePathsKeepTheDotsOfAHiddenName() {
        assertThat(RemotePaths.toRelative(".workflow-context/ctx/.deleted/")).isEqualTo(".workflow-context/ctx/.deleted");
        assertThat(RemotePaths.toRelative("../.hidden")).isEqualTo(".hidden");
        assertThat(RemotePaths.toRelative("...")).isEmpty();
        assertThat(RemotePaths.toRelative("/a/../b")).isEqualTo("b");
    }

    @Test
    void cleaningFollowsGosPathClean() {
        assertThat(RemotePaths.clean("")).isEqualTo(".");
        assertThat(RemotePaths.clean("a//b/./c/..")).isEqualTo("a/b");
        assertThat(RemotePaths.clean("../../a")).isEqualTo("../../a");
        assertThat(RemotePaths.clean("/../a")).isEqualTo("/a");
        assertThat(RemotePaths.base("a/b/")).isEqualTo("b");
    }
}
