package dev.outrider.toolbox;

import com.sun.net.httpserver.HttpExchange;
import dev.outrider.event.JobEvents;
import dev.outrider.toolbox.call.TextReply;
import dev.outrider.spi.CacheBackend;
import dev.outrider.spi.CacheBackend.Entry;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage side of one job's {@code cache} command (toolbox.md §1.5): the command sends keys and
 * streams archives; this answers with the CLI's messages, or streams an archive back. The command
 * sends a tar, which is compressed here on all cores while it uploads, and gets back a tar,
 * decompressed here while it downloads; a tar.gz sent as one is stored as it is, and an archive asked
 * for without {@code form=tar} comes back as stored. Archives pass through a bounded number of blocks:
 * nothing holds a whole archive. Status codes carry the command's outcome:
 * 200 done, 404 absent, 409 key exists, 400 bad request, 500 the store failed, 503 no usable backend.
 */
final class CacheEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(CacheEndpoint.class);
    /** The type of an archive the command sends uncompressed, for the agent to compress. */
    static final String TAR = "application/x-tar";

    private final String jobId;
    private final JobEvents events;
    private final CacheSource source;
    /** Bytes moved so far by the transfers in progress, by the id the command gave them (for progress lines). */
    private final Map<String, AtomicLong> transfers = new ConcurrentHashMap<>();
    /**
     * Whether the tars sent ended whole (empty) or why not, by transfer id, until the command asks: a
     * body that ends with its connection looks the same to curl either way.
     */
    private final Map<String, Optional<String>> outcomes = new ConcurrentHashMap<>();

    CacheEndpoint(JobEvents events, CacheSource source) {
        this.jobId = events.jobId();
        this.events = events;
        this.source = source;
    }

    void handle(String operation, Map<String, String> query, HttpExchange exchange) throws IOException {
        if (operation.equals("md5")) {
            md5(exchange);
            return;
        }
        if (operation.equals("outcome")) {
            Optional<String> failure = outcomes.remove(query.getOrDefault("transfer", ""));
            reply(exchange, failure == null ? 404 : failure.isEmpty() ? 200 : 500,
                    failure == null ? "no restore with this transfer id has ended\n" : failure.map(f -> f + "\n").orElse(""));
            return;
        }
        if (operation.equals("progress")) {
            AtomicLong moved = transfers.get(query.getOrDefault("transfer", ""));
            reply(exchange, moved == null ? 404 : 200, moved == null ? "" : moved.get() + "\n");
            return;
        }
        String transfer = query.getOrDefault("transfer", "");
        AtomicLong moved = new AtomicLong();
        if (!transfer.isEmpty()) {
            transfers.put(transfer, moved);
        }
        try {
            operate(operation, query, exchange, moved);
        } finally {
            transfers.remove(transfer);
        }
    }

    private void operate(String operation, Map<String, String> query, HttpExchange exchange, AtomicLong moved)
            throws IOException {
        try (CacheBackend cache = source.open(query)) {
            switch (operation) {
                case "has" -> reply(exchange, cache.has(key(query)) ? 200 : 404, "");
                case "store" -> {
                    long stored = store(cache, key(query), exchange, moved);
                    events.cacheTransfer("store", true, stored);
                }
                case "lookup" -> events.cacheTransfer("lookup", lookup(cache, query.getOrDefault("keys", ""), exchange), 0);
                case "archive" -> {
                    if (query.getOrDefault("form", "").equals("tar")) {
                        String transfer = query.getOrDefault("transfer", "");
                        ArchiveReads.sendTar(cache, key(query), exchange, moved, jobId,
                                outcome -> {
                                    if (!transfer.isEmpty()) {
                                        outcomes.put(transfer, outcome);
                                    }
                                });
                    } else {
                        ArchiveReads.send(cache, key(query), exchange, moved, jobId);
                    }
                    events.cacheTransfer("restore", moved.get() > 0, moved.get());
                }
                case "list" -> list(cache, query.getOrDefault("sort", "STORE_TIME"), exchange);
                case "delete" -> reply(exchange, cache.delete(key(query)) ? 200 : 404, "");
                case "clear" -> clear(cache, exchange);
                case "usage" -> usage(cache, exchange);
                case "is_not_empty" -> reply(exchange, cache.list().isEmpty() ? 404 : 200, "");
                default -> reply(exchange, 400, "unknown cache operation '" + operation + "'\n");
            }
        } catch (CacheSource.Unavailable e) {
            reply(exchange, 503, e.getMessage() + "\n");
        } catch (IOException e) {
            LOG.warn("Job '{}': cache {}: {}", jobId, operation, e.getMessage());
            reply(exchange, 500, e.getMessage() + "\n");
        }
    }

    /** The MD5 of a lock file, for autocache keys (the job's environment may have no md5sum). */
    private static void md5(HttpExchange exchange) throws IOException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
        try (InputStream body = new DigestInputStream(exchange.getRequestBody(), md5)) {
            body.transferTo(OutputStream.nullOutputStream());
        }
        reply(exchange, 200, HexFormat.of().formatHex(md5.digest()));
    }

    private static String key(Map<String, String> query) {
        return query.getOrDefault("key", "");
    }

    /**
     * Stores the archive the command streams: a tar ({@code Content-Type: application/x-tar}), which is
     * compressed here on all cores, or a finished tar.gz, stored as it comes. Answers the size stored.
     *
     * @param received counts the bytes received from the command
     * @return the size of the archive stored; 0 when the key exists
     */
    private static long store(CacheBackend cache, String key, HttpExchange exchange, AtomicLong received)
            throws IOException {
        InputStream archive = new CountingStream(new CompleteArchiveStream(exchange.getRequestBody()), received);
        boolean tar = TAR.equals(exchange.getRequestHeaders().getFirst("Content-Type"));
        AtomicLong stored = new AtomicLong();
        try (InputStream body = new CountingStream(tar ? ParallelGzip.onAllCores(archive) : archive, stored)) {
            if (!cache.store(key, body)) {
                archive.transferTo(OutputStream.nullOutputStream());
                reply(exchange, 409, "Key '" + key + "' already exists.\n");
                return 0;
            }
        }
        reply(exchange, 200, stored.get() + "\n");
        return stored.get();
    }

    /** Counts the bytes read through it. */
    private static final class CountingStream extends FilterInputStream {
        private final AtomicLong count;

        CountingStream(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count.addAndGet(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count.addAndGet(Math.max(n, 0));
            return n;
        }
    }

    /** The first key that hits, exactly or as a regular expression found in a stored key (newest first). */
    private static boolean lookup(CacheBackend cache, String keys, HttpExchange exchange) throws IOException {
        StringBuilder text = new StringBuilder();
        List<Entry> listed = null;
        for (String key : keys.split(",", -1)) {
            String hit = null;
            try {
                if (cache.has(key)) {
                    hit = key;
                }
            } catch (IOException e) {
                // as Semaphore's CLI: an error of the exact check counts as absent
            }
            if (hit == null) {
                if (listed == null) {
                    listed = cache.list();
                }
                hit = firstMatch(listed, key);
            }
            if (hit != null) {
                text.append("HIT: '").append(key).append("', using key '").append(hit).append("'.\n");
                text.append("KEY ").append(hit).append('\n');
                try {
                    cache.size(hit).ifPresent(size -> text.append("SIZE ").append(size).append('\n'));
                } catch (IOException e) {
                    // the size is only for the command's message
                }
                ArchiveReads.firstEntry(cache, hit).filter(name -> name.indexOf('\n') < 0 && name.indexOf('\r') < 0)
                        .ifPresent(name -> text.append("FIRST ").append(name).append('\n'));
                reply(exchange, 200, text.toString());
                return true;
            }
            text.append("MISS: '").append(key).append("'.\n");
        }
        reply(exchange, 200, text.toString());
        return false;
    }

    private static String firstMatch(List<Entry> entries, String key) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(key);
        } catch (PatternSyntaxException e) {
            return null;
        }
        return entries.stream().map(Entry::key).filter(name -> pattern.matcher(name).find()).findFirst().orElse(null);
    }

    private static void list(CacheBackend cache, String sort, HttpExchange exchange) throws IOException {
        if (!sort.equals("SIZE") && !sort.equals("STORE_TIME") && !sort.equals("ACCESS_TIME")) {
            reply(exchange, 400, "sorting keys by '" + sort + "' is not supported\n");
            return;
        }
        List<Entry> entries = new ArrayList<>(cache.list());
        if (entries.isEmpty()) {
            reply(exchange, 200, "Cache is empty.\n");
            return;
        }
        if (sort.equals("SIZE")) {
            entries.sort(Comparator.comparingLong(Entry::size).reversed());
        }
        StringBuilder table = new StringBuilder(CacheTexts.row("NAME", "SIZE", "STORED AT", "ACCESSED AT")).append('\n');
        for (Entry entry : entries) {
            String at = CacheTexts.time(entry.storedAt());
            table.append(CacheTexts.row(entry.key(), CacheTexts.size(entry.size()), at, at)).append('\n');
        }
        reply(exchange, 200, table.toString());
    }

    private static void clear(CacheBackend cache, HttpExchange exchange) throws IOException {
        try {
            cache.clear();
        } catch (IOException e) {
            reply(exchange, 500, "clear operation failed, some keys might not have been deleted: " + e.getMessage() + "\n");
            return;
        }
        reply(exchange, 200, "Deleted all caches.\n");
    }

    private static void usage(CacheBackend cache, HttpExchange exchange) throws IOException {
        CacheBackend.Usage usage = cache.usage();
        String free = usage.limitBytes().map(limit -> CacheTexts.size(Math.max(0, limit - usage.usedBytes())))
                .orElse("(unlimited)");
        reply(exchange, 200, "FREE SPACE: " + free + "\nUSED SPACE: " + CacheTexts.size(usage.usedBytes()) + "\n");
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        TextReply.send(exchange, status, text);
    }
}
