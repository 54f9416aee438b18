package dev.outrider.status.prometheus;

import dev.outrider.spi.OutriderEvent;
import dev.outrider.status.Metrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The core's metrics with Prometheus' Java client, in a registry of their own (plus the client's
 * process and JVM metrics), updated from the bus's events.
 */
public final class PrometheusMetrics implements Metrics {

    private static final double[] JOB_SECONDS = {1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200};
    private static final double[] STEP_SECONDS = {0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    private final Counter jobs = Counter.builder().name("outrider_jobs_total")
            .help("Jobs that ended, by agent type and result (passed, failed, stopped)")
            .labelNames("agent_type", "result").register(registry);
    private final Histogram jobDuration = Histogram.builder().name("outrider_job_duration_seconds")
            .help("Time from accepting a job to reporting its result").unit(Unit.SECONDS)
            .classicOnly().classicUpperBounds(JOB_SECONDS).labelNames("agent_type").register(registry);
    private final Histogram stepDuration = Histogram.builder().name("outrider_step_duration_seconds")
            .help("Time a job's step ran, by agent type and whether it passed (exit code 0)").unit(Unit.SECONDS)
            .classicOnly().classicUpperBounds(STEP_SECONDS).labelNames("agent_type", "outcome").register(registry);
    private final Gauge running = Gauge.builder().name("outrider_jobs_running")
            .help("Jobs running now").labelNames("agent_type").register(registry);
    private final Counter logEvents = Counter.builder().name("outrider_log_events_uploaded_total")
            .help("Job log events the control plane accepted").labelNames("agent_type").register(registry);
    private final Counter logBytes = Counter.builder().name("outrider_log_uploaded_bytes_total")
            .help("Bytes of job log the control plane accepted").labelNames("agent_type").register(registry);
    private final Counter logRetries = Counter.builder().name("outrider_log_upload_retries_total")
            .help("Pushes of job logs that failed and were retried").labelNames("agent_type").register(registry);
    private final Gauge backlogEvents = Gauge.builder().name("outrider_log_upload_backlog_events")
            .help("Job log events written but not yet accepted by the control plane")
            .labelNames("agent", "agent_type").register(registry);
    private final Gauge backlogBytes = Gauge.builder().name("outrider_log_upload_backlog_bytes")
            .help("Bytes of job log written but not yet accepted by the control plane")
            .labelNames("agent", "agent_type").register(registry);
    private final Counter syncFailures = Counter.builder().name("outrider_sync_failures_total")
            .help("Syncs with the control plane that failed").labelNames("agent_type").register(registry);
    private final Gauge syncing = Gauge.builder().name("outrider_agent_syncing")
            .help("1 while the agent's last sync succeeded, 0 while its syncs fail")
            .labelNames("agent", "agent_type").register(registry);
    private final Counter registrations = Counter.builder().name("outrider_registrations_total")
            .help("Agents that registered with the control plane").labelNames("agent_type").register(registry);
    private final Counter cacheBytes = Counter.builder().name("outrider_cache_transferred_bytes_total")
            .help("Bytes of cache archives restored to or stored from jobs")
            .labelNames("agent_type", "operation").register(registry);
    private final Counter cacheLookups = Counter.builder().name("outrider_cache_lookups_total")
            .help("Cache restores by whether a key matched (hit) or none did (miss)")
            .labelNames("agent_type", "result").register(registry);
    private final Counter toolboxBytes = Counter.builder().name("outrider_toolbox_transferred_bytes_total")
            .help("Bytes moved by the jobs' toolbox commands (artifact push and pull, ...)")
            .labelNames("agent_type", "command").register(registry);

    /**
     * @return new metrics, typed as the interface: a caller that links this method does not load
     *         this class (or the metrics library) until it calls it
     */
    public static Metrics create() {
        return new PrometheusMetrics();
    }

    /**
     * Registers the core's metrics and the process and JVM metrics: memory, threads, garbage
     * collection, class loading and buffer pools. The client's native-memory and allocation metrics
     * are left out: they cost more idle memory than they tell about an agent.
     */
    public PrometheusMetrics() {
        ProcessMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        JvmThreadsMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
    }

    @Override
    public void on(OutriderEvent event) {
        String type = event.agentType();
        switch (event) {
            case OutriderEvent.AgentRegistered e -> {
                registrations.labelValues(type).inc();
                syncing.labelValues(e.agent(), type).set(1);
            }
            case OutriderEvent.SyncFailed e -> {
                syncFailures.labelValues(type).inc();
                syncing.labelValues(e.agent(), type).set(0);
            }
            case OutriderEvent.SyncRecovered e -> syncing.labelValues(e.agent(), type).set(1);
            case OutriderEvent.Disconnected e -> syncing.remove(e.agent(), type);
            case OutriderEvent.JobAccepted e -> running.labelValues(type).inc();
            case OutriderEvent.JobFinished e -> {
                running.labelValues(type).dec();
                jobs.labelValues(type, e.result().wireName()).inc();
                jobDuration.labelValues(type).observe(seconds(e.duration().toNanos()));
            }
            case OutriderEvent.StepFinished e -> stepDuration.labelValues(type, e.exitCode() == 0 ? "passed" : "failed")
                    .observe(seconds(e.duration().toNanos()));
            case OutriderEvent.LogUploaded e -> {
                logEvents.labelValues(type).inc(e.events());
                logBytes.labelValues(type).inc(e.bytes());
            }
            case OutriderEvent.LogUploadRetried e -> logRetries.labelValues(type).inc();
            case OutriderEvent.LogBacklogChanged e -> {
                backlogEvents.labelValues(e.agent(), type).set(e.events());
                backlogBytes.labelValues(e.agent(), type).set(e.bytes());
            }
            case OutriderEvent.CacheTransfer e -> {
                if (e.operation().equals("lookup")) {
                    cacheLookups.labelValues(type, e.hit() ? "hit" : "miss").inc();
                } else {
                    cacheBytes.labelValues(type, e.operation().toLowerCase(Locale.ROOT)).inc(e.bytes());
                }
            }
            case OutriderEvent.ToolboxTransfer e -> toolboxBytes.labelValues(type, e.command()).inc(e.bytes());
            default -> {
            }
        }
    }

    @Override
    public String contentType() {
        return writer.getContentType();
    }

    @Override
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
