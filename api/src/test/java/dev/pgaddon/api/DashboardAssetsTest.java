package dev.pgaddon.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard's files: all of them listed and served with their type and policy, nothing else. */
class DashboardAssetsTest {
  private static final Pattern IMPORT = Pattern.compile("\\bfrom\\s+'(\\./[^']+)'");
  private static final HttpClient http = HttpClient.newHttpClient();
  private static ApiTestServer server;

  @BeforeAll
  static void start() {
    server = new ApiTestServer(ApiSettings.defaults(), List.of());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = DashboardAssets.class.getResourceAsStream("/dashboard/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void everyFileOfTheDashboardIsListedAndNothingElse() throws Exception {
    Path dir = Path.of(DashboardAssets.class.getResource("/dashboard/index.html").toURI()).getParent();
    Set<String> onDisk = new TreeSet<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(Files::isRegularFile).forEach(f -> onDisk.add(dir.relativize(f).toString().replace('\\', '/')));
    }
    assertEquals(onDisk, new TreeSet<>(DashboardAssets.FILES), "DashboardAssets.FILES lists every file of the dashboard");
  }

  @Test
  void everyModuleImportsOnlyListedFiles() throws Exception {
    for (String name : DashboardAssets.FILES) {
      if (!name.endsWith(".js")) {
        continue;
      }
      URI base = URI.create(DashboardAssets.PATH + name);
      Matcher m = IMPORT.matcher(new String(resource(name), StandardCharsets.UTF_8));
      while (m.find()) {
        String target = base.resolve(m.group(1)).getPath().substring(DashboardAssets.PATH.length());
        assertTrue(DashboardAssets.FILES.contains(target), name + " imports " + m.group(1) + ", which is not served");
      }
    }
  }

  @Test
  void everyListedFileIsServedWithItsTypeAndThePolicy() throws Exception {
    for (String name : DashboardAssets.FILES) {
      HttpResponse<byte[]> res = get(DashboardAssets.PATH + name);
      assertEquals(200, res.statusCode(), name);
      assertArrayEquals(resource(name), res.body(), name);
      String type = res.headers().firstValue("Content-Type").orElse("");
      String expected = name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "text/html";
      assertTrue(type.startsWith(expected), name + " is served as " + type);
      assertTrue(res.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self';"), name);
      assertEquals("nosniff", res.headers().firstValue("X-Content-Type-Options").orElse(""), name);
    }
    HttpResponse<byte[]> page = get(DashboardAssets.PATH);
    assertArrayEquals(resource("index.html"), page.body());
    assertTrue(new String(page.body(), StandardCharsets.UTF_8).contains("<script type=\"module\" src=\"/dashboard/app.js\">"));
  }

  @Test
  void noOtherPathReachesAFile() throws Exception {
    for (String path : List.of("/dashboard/js/nope.js", "/dashboard/js/", "/dashboard/nope.js", "/dashboard/js/js/api.js",
        "/dashboard/DashboardAssets.class", "/dashboard/js/..%2f..%2fopenapi.json", "/dashboard/%2e%2e/META-INF/MANIFEST.MF",
        "/dashboard/js/%2e%2e/%2e%2e/dev/pgaddon/api/ApiServer.class", "/dashboard/js%2fapi.js", "/dashboard/other/api.js")) {
      String answer = server.raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      String status = answer.isEmpty() ? "" : answer.substring(9, 12);
      assertTrue(status.equals("404") || status.equals("400"), path + " answers " + status);
      assertFalse(answer.contains("text/javascript"), path + " serves no script");
    }
  }
}
