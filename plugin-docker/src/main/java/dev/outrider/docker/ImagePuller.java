package dev.outrider.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.outrider.docker.DockerOptions.PullPolicy;
import dev.outrider.docker.PullCredentials.Login;
import dev.outrider.spi.StepOutput;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code Pulling docker images...} step: each image of the job as the pull policy says, with one
 * log line per layer status change ({@code 3f4ca61aafcd: Pull complete}), not the progress bars.
 */
final class ImagePuller {

    private final DockerClient docker;
    private final PullPolicy policy;
    private final List<Login> logins;

    ImagePuller(DockerClient docker, PullPolicy policy, List<Login> logins) {
        this.docker = Objects.requireNonNull(docker, "docker");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.logins = List.copyOf(logins);
    }

    /** @return 0 when every image is there, 1 after the first that could not be had (its reason printed) */
    int pullAll(List<String> images, StepOutput output) throws InterruptedException {
        for (String image : images.stream().distinct().toList()) {
            if (!pull(image, output)) {
                return 1;
            }
        }
        return 0;
    }

    private boolean pull(String image, StepOutput output) throws InterruptedException {
        ImageName name = ImageName.parse(image);
        if (policy != PullPolicy.ALWAYS && present(name)) {
            output.message("Using " + image + ", which this machine has (pull-policy: "
                    + (policy == PullPolicy.NEVER ? "never" : "if-not-present") + ")\n");
            return true;
        }
        if (policy == PullPolicy.NEVER) {
            output.message("Image " + image + " is not on this machine, and the agent's pull-policy is never\n");
            return false;
        }
        output.message("Pulling " + name.reference() + "\n");
        Map<String, String> layers = new HashMap<>();
        String[] failure = new String[1];
        try {
            var pull = docker.pullImageCmd(name.repository()).withTag(name.tag());
            logins.stream().filter(login -> login.registry().equals(name.registry())).findFirst()
                    .ifPresent(login -> pull.withAuthConfig(login.auth()));
            pull.exec(new ResultCallback.Adapter<PullResponseItem>() {
                @Override
                public void onNext(PullResponseItem item) {
                    if (item.getErrorDetail() != null || item.getError() != null) {
                        failure[0] = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                                ? item.getErrorDetail().getMessage() : item.getError();
                        return;
                    }
                    String status = item.getStatus();
                    if (status == null) {
                        return;
                    }
                    String id = item.getId();
                    if (id == null || id.equals(name.tag())) {
                        output.message(status + "\n");
                    } else if (!status.equals(layers.put(id, status))) {
                        output.message(id + ": " + status + "\n");
                    }
                }
            }).awaitCompletion();
        } catch (DockerException e) {
            failure[0] = message(e);
        } catch (RuntimeException e) {
            failure[0] = e.getMessage();
        }
        if (failure[0] != null) {
            output.message("Failed to pull " + image + ": " + failure[0].strip() + "\n");
            return false;
        }
        return true;
    }

    private boolean present(ImageName name) {
        try {
            docker.inspectImageCmd(name.reference()).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** @return the engine's message, without docker-java's "Status 404: " prefix and JSON wrapping */
    static String message(DockerException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        message = message.replaceFirst("^Status [0-9]+: ", "").strip();
        if (message.startsWith("{\"message\":\"") && message.endsWith("\"}")) {
            message = message.substring(12, message.length() - 2).replace("\\\"", "\"");
        }
        return message;
    }
}
