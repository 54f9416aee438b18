package dev.outrider.kubernetes.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class KubernetesErrorsTest {

    @Test
    void anUnreachableApiServerIsDescribedByTheCausesOnOneLine() {
        KubernetesClientException e = new KubernetesClientException("Operation: [list] for kind: [Job] failed.",
                new IOException("closed", new ConnectException("Connection refused")));

        assertThat(KubernetesErrors.describe(e, "ci")).isEqualTo("Operation: [list] for kind: [Job] failed."
                + " (IOException: closed; ConnectException: Connection refused)");
    }

    @Test
    void aRefusalNamesThePermissionsTheControllerNeeds() {
        KubernetesClientException e = new KubernetesClientException(new StatusBuilder().withCode(403)
                .withMessage("secrets is forbidden:\n cannot list").build());

        assertThat(KubernetesErrors.describe(e, "ci")).isEqualTo("secrets is forbidden: cannot list (the controller's"
                + " service account needs, in namespace 'ci': batch jobs get, list, watch, create, delete; secrets"
                + " get, list, watch)");
    }
}
