package dev.outrider.toolbox.artifact;

import dev.outrider.spi.JobFiles;
import dev.outrider.toolbox.artifact.HubClient.RequestType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;

/**
 * Artifacts behind Semaphore's artifact hub: the hub signs URLs, the storage behind them is spoken to
 * directly (artifact-protocol.md §3-4). Every non-2xx storage answer is logged with its body, except a 404
 * to a HEAD (that only says the object is new).
 */
final class HubBackend implements ArtifactBackend {

    private final HubClient hub;
    private final RetryingHttp storage;
    private final JobFiles files;
    private final ArtifactLog log;

    HubBackend(HubClient hub, HttpClient client, RetryPolicy storagePolicy, JobFiles files, ArtifactLog log) {
        this.hub = hub;
        this.storage = new RetryingHttp(client, storagePolicy);
        this.files = files;
        this.log = log;
    }

    @Override
    public void push(List<Upload> uploads, boolean force) throws ArtifactFailure, IOException, InterruptedException {
        List<SignedUrl> urls = hub.signedUrls(uploads.stream().map(Upload::remotePath).toList(),
                force ? RequestType.PUSH_FORCE : RequestType.PUSH);
        int perFile = force ? 1 : 2;
        if (urls.size() != uploads.size() * perFile) {
            throw new ArtifactFailure("bad number of signed URLs (" + urls.size() + ") for "
                    + (force ? "forceful" : "non-forceful") + " push - should be " + uploads.size() * perFile);
        }
        for (int i = 0; i < uploads.size(); i++) {
            for (SignedUrl url : urls.subList(i * perFile, (i + 1) * perFile)) {
                follow(url, uploads.get(i));
            }
        }
    }

    private void follow(SignedUrl url, Upload upload) throws ArtifactFailure, IOException, InterruptedException {
        switch (url.method()) {
            case "HEAD" -> head(url, upload);
            case "PUT" -> put(url, upload);
            // a hub answer outside the protocol: the same error as Semaphore's CLI
            default -> throw new ArtifactFailure("method '" + url.method() + "' not implemented");
        }
    }

    private void head(SignedUrl url, Upload upload) throws ArtifactFailure, InterruptedException {
        log.debug("HEAD '" + url.url() + "'...");
        RetryingHttp.Answer answer;
        try {
            answer = storage.send(() -> request(url).method("HEAD", BodyPublishers.noBody()).build(), this::logRefusal);
        } catch (RetryingHttp.GaveUp e) {
            throw new ArtifactFailure("error executing HEAD '" + url.goValue() + "': " + e.getMessage());
        }
        close(answer);
        if (answer.ok()) {
            throw new ArtifactFailure("'" + upload.remotePath()
                    + "' already exists in the remote storage; delete it first, or use --force flag");
        }
    }

    private void put(SignedUrl url, Upload upload) throws ArtifactFailure, InterruptedException {
        log.debug("PUT '" + url.url() + "'...");
        RetryingHttp.Answer answer;
        try {
            answer = storage.send(() -> request(url).PUT(body(upload)).build(), this::logRefusal);
        } catch (RetryingHttp.GaveUp e) {
            throw new ArtifactFailure("failed to execute http request: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new ArtifactFailure("failed to open '" + upload.localPath() + "': " + e.getCause().getMessage());
        }
        close(answer);
        if (!answer.ok()) {
            throw new ArtifactFailure(url.method() + " request to " + url.url() + " failed with " + answer.status()
                    + " status code");
        }
    }

    /** The file streams from the job's files with its length declared (S3 refuses a PUT without one). */
    private HttpRequest.BodyPublisher body(Upload upload) {
        if (upload.size() == 0) {
            return BodyPublishers.noBody();
        }
        return BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> {
            try {
                return files.open(upload.localPath());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), upload.size());
    }

    @Override
    public List<RemoteObject> list(String prefix) throws ArtifactFailure, InterruptedException {
        List<RemoteObject> objects = new ArrayList<>();
        for (SignedUrl url : hub.signedUrls(List.of(prefix), RequestType.PULL)) {
            objects.add(new RemoteObject(url.objectPath(), url.url(), -1));
        }
        return objects;
    }

    @Override
    public Download download(RemoteObject object) throws ArtifactFailure, InterruptedException {
        log.debug("GET '" + object.handle() + "'...");
        RetryingHttp.Answer answer;
        try {
            answer = storage.send(() -> request(new SignedUrl(object.handle(), "GET")).GET().build(), this::logRefusal);
        } catch (RetryingHttp.GaveUp e) {
            throw new ArtifactFailure("failed to execute GET request: " + e.getMessage());
        }
        if (!answer.ok()) {
            close(answer);
            throw new ArtifactFailure("GET request to " + object.handle() + " failed with " + answer.status()
                    + " status code");
        }
        return new Download(answer.body(), answer.contentLength().orElse(-1));
    }

    @Override
    public void yank(String prefix) throws ArtifactFailure, InterruptedException {
        List<SignedUrl> urls = hub.signedUrls(List.of(prefix), RequestType.YANK);
        try {
            for (SignedUrl signed : urls) {
                // the hub leaves the method out for a yank
                SignedUrl url = new SignedUrl(signed.url(), "DELETE");
                log.debug("DELETE '" + url.url() + "'...");
                RetryingHttp.Answer answer;
                try {
                    answer = storage.send(() -> request(url).DELETE().build(), this::logRefusal);
                } catch (RetryingHttp.GaveUp e) {
                    throw new ArtifactFailure("failed to execute DELETE request: " + e.getMessage());
                }
                close(answer);
                if (!answer.ok()) {
                    throw new ArtifactFailure("DELETE request to " + url.url() + " failed with " + answer.status()
                            + " status code");
                }
            }
        } catch (ArtifactFailure e) {
            log.error("Error deleting artifact. Make sure the artifact you are trying to yank exists: " + e.getMessage());
            throw e;
        }
    }

    private static HttpRequest.Builder request(SignedUrl url) {
        return HttpRequest.newBuilder(URI.create(url.url()));
    }

    private void logRefusal(RetryingHttp.Refusal refusal) {
        if (refusal.status() == 404 && refusal.method().equals("HEAD")) {
            return;
        }
        log.error(refusal.method() + " request to " + refusal.url() + " failed with " + refusal.status()
                + " status code: " + refusal.body());
    }

    private static void close(RetryingHttp.Answer answer) {
        try (InputStream body = answer.body()) {
            body.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the answer is complete as far as the command is concerned
        }
    }
}
