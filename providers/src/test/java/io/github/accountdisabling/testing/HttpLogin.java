package io.github.accountdisabling.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser login over plain HTTP, to see the status codes a browser gets (Selenium can't). */
public final class HttpLogin {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;
    /**
     * Keycloak marks its cookies Secure; browsers send them to http://127.0.0.1 anyway (a secure context), the JDK's
     * cookie manager doesn't, so this jar keeps them by name.
     */
    private final Map<String, String> cookies = new java.util.LinkedHashMap<>();

    public HttpLogin(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** One response; {@code setCookies} are its raw {@code Set-Cookie} headers. */
    public record Page(int status, String body, java.util.List<String> setCookies, String location) {

        public Page(int status, String body) {
            this(status, body, java.util.List.of(), null);
        }

        /** The raw {@code Set-Cookie} header of the named cookie, or {@code null}. */
        public String setCookie(String name) {
            return setCookies.stream().filter(c -> c.startsWith(name + "=")).findFirst().orElse(null);
        }

        public String formAction() {
            Matcher matcher = FORM_ACTION.matcher(body);
            if (!matcher.find()) {
                throw new AssertionError("no form on the page (" + status + "):\n" + body);
            }
            return matcher.group(1).replace("&amp;", "&");
        }
    }

    /**
     * What a person reads on the page, with the name they typed and the per-tab id replaced, so pages of different
     * logins compare equal when they look the same.
     */
    public static String visibleText(String html, String typedName) {
        return html.replaceAll("(?s)<script.*?</script>", " ")
                .replaceAll("(?s)<style.*?</style>", " ")
                .replaceAll("(?s)<[^>]+>", " ")
                .replace(typedName, "NAME")
                .replaceAll("tab_id=[^&\"]+", "tab_id=TAB")
                .replaceAll("\\s+", " ")
                .trim();
    }

    public Page start(String realm, String clientId) {
        return start(realm, clientId, "");
    }

    /** @param extraQuery appended to the authorization request, e.g. {@code &login_hint=alice} */
    public Page start(String realm, String clientId, String extraQuery) {
        return get(baseUrl + "/realms/" + realm + "/protocol/openid-connect/auth?client_id=" + clientId
                + "&redirect_uri=" + URLEncoder.encode("http://127.0.0.1/callback", StandardCharsets.UTF_8)
                + "&response_type=code&scope=openid" + extraQuery);
    }

    public Page submit(Page page, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(page.formAction()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Page get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private Page send(HttpRequest.Builder request) {
        try {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String setCookie : response.headers().allValues("set-cookie")) {
                String pair = setCookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
            return new Page(response.statusCode(), response.body(), response.headers().allValues("set-cookie"),
                    response.headers().firstValue("location").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
