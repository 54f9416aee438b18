package dev.outrider.kubernetes.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentProxiesTest {

    private static Optional<String> proxyFor(String url, String... nameValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            env.put(nameValues[i], nameValues[i + 1]);
        }
        return EnvironmentProxies.fromEnvironment(env).proxyFor(URI.create(url))
                .map(address -> address.getHostString() + ":" + address.getPort());
    }

    @Test
    void takesHttpsProxyForHttpsAndHttpProxyForHttpUpperCaseFirst() {
        assertThat(proxyFor("https://my-org.semaphoreci.com/x", "HTTPS_PROXY", "http://proxy:3128",
                "https_proxy", "http://other:1", "HTTP_PROXY", "http://plain:8080")).contains("proxy:3128");
        assertThat(proxyFor("http://my-org.example/x", "HTTPS_PROXY", "http://proxy:3128", "http_proxy",
                "plain:8080")).contains("plain:8080");
        assertThat(proxyFor("https://my-org.semaphoreci.com/x", "https_proxy", "proxy")).contains("proxy:80");
        assertThat(proxyFor("https://my-org.semaphoreci.com/x")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "https://my-org.semaphoreci.com/x, '*', false",
        "https://my-org.semaphoreci.com/x, semaphoreci.com, false",
        "https://my-org.semaphoreci.com/x, '.semaphoreci.com', false",
        "https://my-org.semaphoreci.com/x, 'ci.com', true",
        "https://my-org.semaphoreci.com/x, 'my-org.semaphoreci.com:443', false",
        "https://my-org.semaphoreci.com/x, 'my-org.semaphoreci.com:8443', true",
        "https://my-org.semaphoreci.com:8443/x, ' other.example , my-org.semaphoreci.com:8443', false",
        "https://localhost/x, '', false",
        "https://127.0.0.1:9/x, '', false",
        "https://[::1]:9/x, '', false",
    })
    void bypassesNoProxyHostsAndLoopback(String url, String noProxy, boolean proxied) {
        assertThat(proxyFor(url, "HTTPS_PROXY", "http://proxy:3128", "NO_PROXY", noProxy).isPresent())
                .isEqualTo(proxied);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "HTTPS_PROXY|socks5://proxy:1080|HTTPS_PROXY is not an http:// proxy",
        "HTTP_PROXY|http://user:secret@proxy:3128|HTTP_PROXY has user:password@",
    })
    void refusesProxiesItCannotUseNamingTheVariable(String name, String value, String message) {
        assertThatThrownBy(() -> EnvironmentProxies.fromEnvironment(Map.of(name, value)))
                .isInstanceOf(ControllerSettingsException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("secret");
    }
}
