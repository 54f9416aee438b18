package dev.outrider.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.net.ProxyOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {

    @Test
    void httpsUrlsGoThroughHttpsProxyAndHttpUrlsThroughHttpProxy() {
        ProxySettings proxies = ProxySettings.fromEnvironment(Map.of(
                "HTTPS_PROXY", "http://secure-proxy:3128", "HTTP_PROXY", "plain-proxy:8080"));
        ProxyOptions https = proxies.forUrl("https://my-org.semaphoreci.com/api").orElseThrow();
        assertThat(https.getHost()).isEqualTo("secure-proxy");
        assertThat(https.getPort()).isEqualTo(3128);
        ProxyOptions http = proxies.forUrl("http://my-org.semaphoreci.com/api").orElseThrow();
        assertThat(http.getHost()).isEqualTo("plain-proxy");
        assertThat(http.getPort()).isEqualTo(8080);
    }

    @Test
    void lowerCaseVariablesCountWhenUpperCaseOnesAreUnset() {
        ProxySettings proxies = ProxySettings.fromEnvironment(Map.of("https_proxy", "http://proxy:3128"));
        assertThat(proxies.forUrl("https://example.com/")).isPresent();
        assertThat(proxies.forUrl("http://example.com/")).isEmpty();
    }

    @Test
    void noProxyHostsDomainsPortsAndStarAreReachedDirectly() {
        ProxySettings proxies = ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "http://proxy:3128",
                "NO_PROXY", "internal.example, .corp.example ,api.example:8443"));
        assertThat(proxies.forUrl("https://internal.example/")).isEmpty();
        assertThat(proxies.forUrl("https://build.internal.example/")).isEmpty();
        assertThat(proxies.forUrl("https://x.corp.example/")).isEmpty();
        assertThat(proxies.forUrl("https://corp.example/")).isPresent();
        assertThat(proxies.forUrl("https://api.example:8443/")).isEmpty();
        assertThat(proxies.forUrl("https://api.example/")).isPresent();
        assertThat(proxies.forUrl("https://my-org.semaphoreci.com/")).isPresent();
        assertThat(ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "http://proxy:3128", "NO_PROXY", "*"))
                .forUrl("https://anything/")).isEmpty();
    }

    @Test
    void loopbackIsNeverProxied() {
        ProxySettings proxies = ProxySettings.fromEnvironment(Map.of("HTTP_PROXY", "http://proxy:3128"));
        assertThat(proxies.forUrl("http://127.0.0.1:8000/")).isEmpty();
        assertThat(proxies.forUrl("http://localhost:8000/")).isEmpty();
    }

    @Test
    void credentialsInTheProxyUrlAreUsed() {
        ProxyOptions proxy = ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "http://agent:s%40cret@proxy:3128"))
                .forUrl("https://example.com/").orElseThrow();
        assertThat(proxy.getUsername()).isEqualTo("agent");
        assertThat(proxy.getPassword()).isEqualTo("s@cret");
    }

    @Test
    void unreadableProxyUrlNamesTheVariable() {
        assertThatThrownBy(() -> ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "http://")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTPS_PROXY");
    }
}
