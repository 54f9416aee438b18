package dev.outrider.status;

import dev.outrider.spi.OutriderEvent;

/**
 * What the status server counts, behind an interface so that the metrics library is loaded only
 * when {@code status-address} is set.
 */
public interface Metrics {

    /** @param event an event of the core, in bus order */
    void on(OutriderEvent event);

    /** @return the exposition's content type */
    String contentType();

    /** @return every metric, in the exposition format */
    byte[] scrape();
}
