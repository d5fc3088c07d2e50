package dev.pgaddon.api;

import io.javalin.config.JettyConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's side of the front door. Slow clients: a connection that sends nothing for the idle
 * timeout is closed, a body that arrives slower than the minimum rate is refused (408), and an
 * answer read slower than it is cut, so slow clients hold neither connections nor the 16 threads
 * for long. Jetty selects connections without a thread until a request's headers are complete, so
 * slow headers cost no thread at all.
 * Requests Jetty refuses itself (a malformed or NUL-encoded path, headers too large) get the API's
 * JSON error shape, not Jetty's HTML page.
 */
final class JettyLimits {
  private JettyLimits() {}

  static void apply(JettyConfig jetty, String host, int port, ApiSettings settings) {
    jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
    jetty.addConnector((server, http) -> {
      ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
      connector.setHost(host);
      connector.setPort(port);
      connector.setIdleTimeout(settings.idleTimeout().toMillis());
      return connector;
    });
    jetty.modifyServer(server -> {
      server.setErrorHandler(new JsonErrorHandler());
      // Javalin puts its servlet context inside this wrapper.
      long rate = settings.minDataRateBytesPerSecond();
      server.setHandler(new MinimumDataRateHandler(rate, rate));
    });
  }

  /** The status of a refusal Jetty raised while the body was read (too slow: 408), or null; only for body reads. */
  static Integer status(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
        return h.getCode();
      }
      if (t instanceof java.util.concurrent.TimeoutException) {
        return 408;
      }
    }
    return null;
  }

  /** Whether the client closed its connection (nothing can be answered). */
  static boolean clientGone(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.eclipse.jetty.io.EofException) {
        return true;
      }
    }
    return false;
  }

  static String code(int status) {
    return switch (status) {
      case 400 -> "malformed_request";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 408 -> "too_slow";
      case 413 -> "too_large";
      case 414 -> "uri_too_long";
      case 431 -> "headers_too_large";
      default -> status >= 500 ? "internal" : "http_" + status;
    };
  }

  static String sentence(int status, String jettyMessage) {
    return switch (status) {
      case 400 -> "malformed request" + (jettyMessage == null || jettyMessage.isBlank() ? "" : ": " + jettyMessage)
          + "; paths are percent-encoded UTF-8 without NUL or control characters";
      case 408 -> "the request was sent too slowly; the API closes connections that stall";
      case 413 -> "the request body is larger than " + ApiServer.MAX_BODY_BYTES / 1024 + " KiB";
      case 414 -> "the request path is too long";
      case 431 -> "the request headers are too large";
      default -> status >= 500 ? "internal error; see the API server's log" : "refused (HTTP " + status + ")";
    };
  }

  static byte[] json(int status, String jettyMessage) {
    return Json.write(ApiServer.errorBody(code(status), sentence(status, jettyMessage))).getBytes(StandardCharsets.UTF_8);
  }

  /** Jetty's answer to what never reached a handler, in the API's one error shape. */
  static final class JsonErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
        Callback callback) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, ByteBuffer.wrap(json(code, message)), callback);
    }
  }
}
