package dev.pgaddon.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's files, served from the API's own jar (no CDN, nothing from elsewhere): a fixed
 * list, so no path reaches the file system. The page may run only its own script and style; its
 * script is native ES modules (app.js, which imports those under js/), so no build step.
 */
final class DashboardAssets {
  static final String PATH = "/dashboard/";
  /** The route templates the files are under: the page, the files beside it, the modules under js/. */
  static final List<String> ROUTES = List.of(PATH, PATH + "{file}", PATH + "js/{file}");
  /** Every file, by its path under {@link #PATH}: a request names one exactly, or it is not found. */
  static final List<String> FILES = List.of("index.html", "style.css", "app.js",
      "js/api.js", "js/dom.js", "js/session.js", "js/operations.js", "js/apps.js", "js/plan-change.js",
      "js/database.js", "js/upgrade.js", "js/users.js", "js/extensions.js", "js/backups.js", "js/restore.js");
  private static final Map<String, String> TYPES = Map.of(
      ".html", "text/html; charset=utf-8",
      ".js", "text/javascript; charset=utf-8",
      ".css", "text/css; charset=utf-8");
  private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
      + " img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final Map<String, byte[]> files = new LinkedHashMap<>();

  DashboardAssets() {
    for (String name : FILES) {
      files.put(name, read(name));
    }
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
    ctx.contentType(type(name)).result(body);
  }

  /** The Content-Type of a listed file, by its extension (a module must be text/javascript). */
  static String type(String name) {
    String type = TYPES.get(name.substring(name.lastIndexOf('.')));
    if (type == null) {
      throw new IllegalStateException("no Content-Type for dashboard file " + name);
    }
    return type;
  }

  private static byte[] read(String name) {
    type(name);
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
