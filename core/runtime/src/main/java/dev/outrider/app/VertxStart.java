package dev.outrider.app;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Where the core's Vert.x comes from: made when the core is wired, or begun early on a thread of its own, so that
 * its start (Netty's probing of the platform, the event loops) overlaps with reading the command line and the
 * configuration on the other core, instead of delaying the agent's first request.
 */
public final class VertxStart {

    private final CompletableFuture<Vertx> started;

    private VertxStart(CompletableFuture<Vertx> started) {
        this.started = started;
    }

    /** @return a start that makes Vert.x when the core asks for it, on the core's thread */
    public static VertxStart onDemand() {
        return new VertxStart(null);
    }

    /** @return a start that makes Vert.x now, on a thread of its own */
    public static VertxStart begin() {
        LeanLibraries.apply(); // before Netty and Vert.x read them
        CompletableFuture<Vertx> started = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("vertx-start").start(() -> {
            try {
                started.complete(create());
            } catch (RuntimeException | Error e) {
                started.completeExceptionally(e);
            }
        });
        return new VertxStart(started);
    }

    /** @return Vert.x, waiting for an early start to finish */
    Vertx vertx() {
        if (started == null) {
            return create();
        }
        try {
            return started.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private static Vertx create() {
        // no file cache or class-path file lookups: the agent serves no files, so no vertx-cache folder in /tmp
        return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(8)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
    }
}
