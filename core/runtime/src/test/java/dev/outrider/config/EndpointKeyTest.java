package dev.outrider.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.config.ConfigLoader.Mode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The {@code endpoint} key is checked at start to be what the agent can build its URLs from. */
class EndpointKeyTest {

    private static OutriderConfig start(String endpoint, boolean noHttps) {
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("endpoint", endpoint);
        flags.put("token", "t");
        flags.put("no-https", Boolean.toString(noHttps));
        return ConfigLoader.load(Optional.empty(), Map.of(), flags, Mode.START);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "my-org.semaphoreci.com          | false | my-org.semaphoreci.com",
        "127.0.0.1:8080                  | true  | 127.0.0.1:8080",
        "hub_1:1                         | true  | hub_1:1",
        "[::1]:65535                     | true  | [::1]:65535",
        "[fd00::1]                       | false | [fd00::1]",
        "https://my-org.semaphoreci.com  | false | my-org.semaphoreci.com",
        "HTTPS://my-org.semaphoreci.com/ | false | my-org.semaphoreci.com",
        "http://127.0.0.1:8080           | true  | 127.0.0.1:8080",
    })
    void acceptsHostAndPortWithAnAgreeingSchemeAndKeepsHostAndPortOnly(String given, boolean noHttps, String kept) {
        assertThat(start(given, noHttps).agents()).singleElement()
                .satisfies(agent -> assertThat(agent.endpoint()).isEqualTo(kept));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1:99999       | the port '99999' is not a number from 1 to 65535",
        "127.0.0.1:65536       | the port '65536' is not a number from 1 to 65535",
        "127.0.0.1:0           | the port '0' is not a number from 1 to 65535",
        "127.0.0.1:abc         | the port 'abc' is not a number from 1 to 65535",
        "127.0.0.1:            | the port '' is not a number from 1 to 65535",
        "127.0.0.1:-1          | the port '-1' is not a number from 1 to 65535",
        ":9                    | has no host",
        "fd00::1               | has more than one ':'",
        "[fd00::zz]:1          | is not an IPv6 address",
        "[::1]x                | has text after the IPv6 address",
        "bad!host              | 'bad!host' is not a host name or IP address",
        "-dash                 | is not a host name or IP address",
        "ftp://x               | the scheme 'ftp://' is not supported",
        "https://https://x     | has a path ('//x')",
        "x/api                 | has a path ('/api')",
        "x:8080/prefix/        | has a path ('/prefix/')",
        "x?region=eu           | has a query ('?...')",
        "x#top                 | has a fragment ('#...')",
    })
    void refusesMalformedEndpointsNamingTheKeyAndTheForm(String given, String problem) {
        assertThatThrownBy(() -> start(given, true))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("flag --endpoint: 'endpoint': ")
                .hasMessageContaining(problem)
                .hasMessageContaining("give host[:port] only");
    }

    @ParameterizedTest
    @ValueSource(strings = {" 127.0.0.1:9 ", "127.0.0.1:9 ", "127.0.0.1\t:9", "127.0.0.1:9\n", "host\u00a0name"})
    void refusesWhiteSpaceAndControlCharacters(String given) {
        assertThatThrownBy(() -> start(given, true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'endpoint'")
                .hasMessageContaining("contains white space or a control character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user:s3cr3t-pw@my-org.example", "https://user:s3cr3t-pw@my-org.example",
        "s3cr3t-pw@my-org.example:8080/path", ":s3cr3t-pw@host", "a@b:s3cr3t-pw@host"})
    void refusesCredentialsInTheEndpointWithoutRepeatingThem(String given) {
        assertThatThrownBy(() -> start(given, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'endpoint'")
                .hasMessageContaining("holds credentials before '@'")
                .message().doesNotContain("s3cr3t");
    }

    @Test
    void neverRepeatsAQueryWhichMayHoldASecret() {
        assertThatThrownBy(() -> start("host:1/x?token=s3cr3t", true))
                .isInstanceOf(ConfigException.class)
                .message().contains("has a path ('/x')").doesNotContain("s3cr3t");
    }

    @Test
    void refusesASchemeThatContradictsNoHttpsSayingWhichKeyToSet() {
        assertThatThrownBy(() -> start("https://my-org.example", true))
                .isInstanceOf(ConfigException.class)
                .hasMessage("flag --endpoint: 'endpoint': 'https://my-org.example' asks for https but no-https is"
                        + " true; give 'my-org.example' and set no-https: false (the default) to use https");
        assertThatThrownBy(() -> start("http://127.0.0.1:8080", false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'http://127.0.0.1:8080' asks for plain http but no-https is false")
                .hasMessageContaining("set no-https: true");
    }

    @Test
    void checksTheEndpointFromTheEnvironmentAndEachAgentsEntryToo() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(),
                Map.of("SEMAPHORE_AGENT_ENDPOINT", "127.0.0.1:abc", "SEMAPHORE_AGENT_TOKEN", "t"), Map.of(), Mode.START))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("environment variable SEMAPHORE_AGENT_ENDPOINT: 'endpoint': ")
                .hasMessageContaining("the port 'abc'");
    }
}
