package dev.pgaddon.node;

import dev.pgaddon.node.NodeActivities.NotifyResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * "Once the operation is finished, the application is restarted": the addon's hook is either an
 * http(s) URL, POSTed a small JSON body, or a shell command run with PGADDON_ADDON_ID and
 * PGADDON_EVENT set. Its failure is reported, never thrown.
 */
final class RestartHook {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final String hook;

  RestartHook(String hook) {
    this.hook = hook;
  }

  NotifyResult run(String addonId, String event) {
    if (hook == null || hook.isBlank()) {
      return new NotifyResult(false, "no restart hook configured");
    }
    try {
      return hook.startsWith("http://") || hook.startsWith("https://") ? post(addonId, event) : command(addonId, event);
    } catch (IOException | RuntimeException e) {
      return new NotifyResult(false, "restart hook failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new NotifyResult(false, "restart hook interrupted");
    }
  }

  private NotifyResult post(String addonId, String event) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(hook)).timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"addon\":\"" + addonId + "\",\"event\":\"" + event + "\"}"))
        .build();
    int status = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    return status / 100 == 2 ? new NotifyResult(true, "application restart requested (HTTP " + status + ")")
        : new NotifyResult(false, "restart hook answered HTTP " + status);
  }

  private NotifyResult command(String addonId, String event) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", hook).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("PGADDON_ADDON_ID", addonId);
    pb.environment().put("PGADDON_EVENT", event);
    Process p = pb.start();
    if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new NotifyResult(false, "restart hook command timed out after " + TIMEOUT.toSeconds() + " s");
    }
    return p.exitValue() == 0 ? new NotifyResult(true, "application restart command succeeded")
        : new NotifyResult(false, "restart hook command exited with " + p.exitValue());
  }
}
