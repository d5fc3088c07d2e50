package dev.pgaddon.node;

import dev.pgaddon.node.NodeActivities.NotifyResult;
import dev.pgaddon.operation.AddonNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * "Once the operation is finished, the application is restarted": the addon's hook is an http(s)
 * URL, POSTed {"addon","event","sent_at"} signed as {@link HookSignature} describes. Anything else
 * (older addons may carry a shell command) is ignored, never run. Its failure is reported, never thrown.
 */
final class RestartHook {
  static final String IGNORED = "restart hook ignored: only http(s) URLs are called";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String hook;
  private final String secret;
  private final Clock clock;

  RestartHook(String hook, String secret) {
    this(hook, secret, Clock.systemUTC());
  }

  RestartHook(String hook, String secret, Clock clock) {
    this.hook = hook;
    this.secret = secret;
    this.clock = clock;
  }

  NotifyResult run(String addonId, String event) {
    if (hook == null || hook.isBlank()) {
      return new NotifyResult(false, "no restart hook configured");
    }
    URI uri = httpUri(hook);
    if (uri == null) {
      return new NotifyResult(false, IGNORED);
    }
    if (secret == null || secret.isEmpty()) {
      return new NotifyResult(false, "restart hook not called: no signing secret");
    }
    try {
      return post(uri, addonId, event);
    } catch (IOException | RuntimeException e) {
      return new NotifyResult(false, "restart hook failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new NotifyResult(false, "restart hook interrupted");
    }
  }

  /** The hook as an http(s) URI with a host (the rule provisioning applies), or null. */
  static URI httpUri(String hook) {
    return AddonNames.restartHookProblem(hook) == null ? URI.create(hook) : null;
  }

  static String body(String addonId, String event, Instant sentAt) {
    return "{\"addon\":" + json(addonId) + ",\"event\":" + json(event) + ",\"sent_at\":" + json(sentAt.toString()) + "}";
  }

  private NotifyResult post(URI uri, String addonId, String event) throws IOException, InterruptedException {
    Instant now = clock.instant();
    String body = body(addonId, event, now);
    long timestamp = now.getEpochSecond();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .header(HookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
        .header(HookSignature.SIGNATURE_HEADER, HookSignature.sign(secret, timestamp, body))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    // The default client follows no redirects: the request goes to the configured host only.
    int status = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    return status / 100 == 2 ? new NotifyResult(true, "application restart requested (HTTP " + status + ")")
        : new NotifyResult(false, "restart hook answered HTTP " + status);
  }

  /** A JSON string literal. */
  static String json(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
