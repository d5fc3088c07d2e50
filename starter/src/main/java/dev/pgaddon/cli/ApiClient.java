package dev.pgaddon.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.pgaddon.api.body.ErrorBody;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** The pgaddon API over HTTP: JSON in and out, the token as a bearer, every refusal as a {@link CliError}. */
final class ApiClient {
  static final String UNAUTHORIZED = "the API refused the token (missing, unknown or revoked): "
      + "set PGADDON_API_TOKEN or run pgaddon login";
  // A field a newer API adds is no reason to fail: the CLI reads the ones its records name.
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  private final String baseUrl;
  private final String token;

  /** @param baseUrl e.g. http://127.0.0.1:8080; paths below start with /v1 */
  ApiClient(String baseUrl, String token) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
  }

  /** The client of the command line {@code spec} runs in, with its {@link CliSettings}. */
  static ApiClient of(CommandSpec spec) {
    CliSettings settings = CliSettings.of(spec);
    return new ApiClient(settings.url(), settings.token());
  }

  /** @param location the Location header of a 202 (the operation's path), null otherwise */
  record Response(int status, JsonNode body, String location) {
    /** The body as the API's record for it (dev.pgaddon.api.body). */
    <T> T as(Class<T> type) {
      return read(body, type);
    }
  }

  /** A GET's answer as the API's record for it. */
  <T> T get(String path, Class<T> type) {
    return read(send("GET", path, null).body(), type);
  }

  /** JSON the API passed through (steps, nodes, users, extensions) as the records that name its fields. */
  static <T> T read(JsonNode json, Class<T> type) {
    try {
      return convert(json, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new CliError(CliError.FAILED, "the pgaddon API answered with a body this CLI cannot read ("
          + type.getName().substring(type.getPackageName().length() + 1).replace('$', '.') + "): " + e.getMessage());
    }
  }

  /** No body (or null) reads as an empty object: every field null, as a missing field is. */
  private static <T> T convert(JsonNode json, Class<T> type) throws JsonProcessingException {
    return JSON.treeToValue(json != null && json.isContainerNode() ? json : JSON.createObjectNode(), type);
  }

  static <T> List<T> readList(JsonNode array, Class<T> type) {
    if (array == null || !array.isArray()) {
      return List.of();
    }
    List<T> rows = new ArrayList<>();
    array.forEach(row -> rows.add(read(row, type)));
    return rows;
  }

  /** A request whose refusal (4xx, 5xx) is thrown as a CliError. */
  Response send(String method, String path, Object body) {
    return check(exchange(method, path, body));
  }

  /** The request as the API answered it, whatever the status; only an unreachable API is thrown. */
  Response exchange(String method, String path, Object body) {
    var response = call(request(method, path, body, "application/json"), BodyHandlers.ofString());
    return new Response(response.statusCode(), parse(response.body()),
        response.headers().firstValue("Location").orElse(null));
  }

  /**
   * A GET whose body is a file (a backup can be GiBs): the open stream, for the caller to copy and
   * close, never held in memory. A refusal is thrown as {@link #send} throws it.
   */
  InputStream download(String path) {
    var response = call(request("GET", path, null, "application/x-tar, application/json"), BodyHandlers.ofInputStream());
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response.body();
    }
    String refusal;
    try (InputStream body = response.body()) {
      refusal = new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8);
    } catch (IOException unreadable) {
      refusal = "";
    }
    throw refusal(new Response(status, parse(refusal), null));
  }

  private HttpRequest request(String method, String path, Object body, String accept) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
          .timeout(Duration.ofSeconds(60))
          .header("Accept", accept);
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      if (body == null) {
        b.method(method, BodyPublishers.noBody());
      } else {
        b.header("Content-Type", "application/json").method(method, BodyPublishers.ofString(JSON.writeValueAsString(body)));
      }
      return b.build();
    } catch (IllegalArgumentException | JsonProcessingException e) {
      // The token is not named: it is never printed.
      throw new CliError(CliError.INVALID, "invalid pgaddon API URL '" + baseUrl + "' or token");
    }
  }

  private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return HTTP.send(request, handler);
    } catch (IOException e) {
      throw new CliError(CliError.UNAVAILABLE, "pgaddon API not reachable at " + baseUrl
          + ": start it (scripts/demo.sh) or set PGADDON_API_URL");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliError(CliError.FAILED, "interrupted while waiting for the pgaddon API");
    }
  }

  /** 2xx as is; 401 and other 4xx exit 2 (nothing was changed), 5xx exit 1, with the API's message. */
  Response check(Response r) {
    int status = r.status();
    if (status >= 200 && status < 300) {
      return r;
    }
    throw refusal(r);
  }

  private CliError refusal(Response r) {
    int status = r.status();
    if (status == 401) {
      return new CliError(CliError.INVALID, UNAUTHORIZED);
    }
    String message = errorMessage(r.body());
    if (message.isEmpty()) {
      message = "the pgaddon API at " + baseUrl + " answered HTTP " + status;
    }
    return new CliError(status >= 400 && status < 500 ? CliError.INVALID : CliError.FAILED, message);
  }

  /** The API's own sentence, or "" when the body is not its error shape (e.g. a proxy's page). */
  private static String errorMessage(JsonNode body) {
    try {
      ErrorBody.Detail error = convert(body, ErrorBody.class).error();
      return error == null || error.message() == null ? "" : error.message();
    } catch (JsonProcessingException | IllegalArgumentException notAnError) {
      return "";
    }
  }

  String baseUrl() {
    return baseUrl;
  }

  static String appPath(String app) {
    return "/v1/apps/" + segment(app);
  }

  static String addonPath(String app, String addonId) {
    return appPath(app) + "/addons/" + segment(addonId);
  }

  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
      return node == null ? MissingNode.getInstance() : node;
    } catch (JsonProcessingException notJson) {
      return MissingNode.getInstance(); // e.g. a proxy's HTML error page: the status says enough
    }
  }
}
