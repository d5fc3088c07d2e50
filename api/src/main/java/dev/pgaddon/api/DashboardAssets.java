package dev.pgaddon.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The dashboard's files, served from the API's own jar (no CDN, nothing from elsewhere): a fixed
 * list, so no path reaches the file system. The page may run only its own script and style.
 */
final class DashboardAssets {
  static final String PATH = "/dashboard/";
  private static final Map<String, String> TYPES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "app.js", "text/javascript; charset=utf-8",
      "style.css", "text/css; charset=utf-8");
  private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
      + " img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final Map<String, byte[]> files;

  DashboardAssets() {
    this.files = Map.of("index.html", read("index.html"), "app.js", read("app.js"), "style.css", read("style.css"));
  }

  void serve(Context ctx) {
    String path = ctx.path();
    String name = path.length() <= PATH.length() ? "index.html" : path.substring(PATH.length());
    byte[] body = files.get(name);
    if (body == null) {
      throw ApiError.notFound("no dashboard file " + (name.length() > 60 ? name.substring(0, 60) + "..." : name));
    }
    ctx.header("Content-Security-Policy", POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(TYPES.get(name)).result(body);
  }

  private static byte[] read(String name) {
    try (InputStream in = DashboardAssets.class.getResourceAsStream("/dashboard/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing dashboard file " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read dashboard file " + name, e);
    }
  }
}
