package dev.outrider.kubernetes.pod;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The names and labels of a job's objects: the pod {@code semaphore-job-<id>}, its Secret
 * {@code <pod>-secret} and its pull Secret {@code <pod>-image-pull-secret} (Semaphore's names), all
 * labelled with the job's id and {@code app.kubernetes.io/managed-by: outrider}.
 *
 * @param jobId the job's id
 */
public record JobNames(String jobId) {

    /** The label every object the executor makes carries (value {@value #MANAGER}). */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "outrider";
    /** The label with the job's id. */
    public static final String JOB_ID = "outrider.dev/job-id";

    /** @return the pod's name */
    public String pod() {
        return "semaphore-job-" + jobId.toLowerCase(Locale.ROOT);
    }

    /** @return the name of the Secret with the job's files */
    public String secret() {
        return pod() + "-secret";
    }

    /** @return the name of the Secret with the registry credentials */
    public String pullSecret() {
        return pod() + "-image-pull-secret";
    }

    /**
     * @param configured the operator's labels
     * @return the labels of the job's objects: the operator's, then the job id and the manager
     */
    public Map<String, String> labels(Map<String, String> configured) {
        Map<String, String> labels = new LinkedHashMap<>(configured);
        labels.put(JOB_ID, labelValue(jobId));
        labels.put(MANAGED_BY, MANAGER);
        return labels;
    }

    /** A label value holds at most 63 of {@code [-._a-zA-Z0-9]}, starting and ending alphanumeric. */
    private static String labelValue(String text) {
        String value = text.replaceAll("[^-._a-zA-Z0-9]", "_");
        value = value.length() > 63 ? value.substring(0, 63) : value;
        return value.replaceAll("^[^a-zA-Z0-9]+|[^a-zA-Z0-9]+$", "");
    }
}
