package dev.pgaddon.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.pgaddon.temporal.CodecKey;
import dev.pgaddon.temporal.EncryptionCodec;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.temporal.api.common.v1.Payloads;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's remote codec endpoints (POST /codec/decode and /codec/encode) for the Web UI, so an
 * operator reads decrypted inputs and results. The dev server's UI sends no credential, so this
 * listens apart from the users' API, on loopback only (PGADDON_CODEC_PORT, default 8089), and
 * answers CORS only for the UI's origins (PGADDON_UI_ORIGINS). Anyone who can open a connection to
 * 127.0.0.1 on this host can decrypt: that is the operators' host, where the codec key lives.
 */
public final class CodecServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CodecServer.class);
  private final Javalin app;

  private CodecServer(Javalin app) {
    this.app = app;
  }

  public static CodecServer start(int port, CodecKey key, Set<String> uiOrigins) {
    EncryptionCodec codec = new EncryptionCodec(key);
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.http.maxRequestSize = 4 * 1024 * 1024;
      config.routes.before(ctx -> {
        requireLoopbackHost(ctx);
        cors(ctx, uiOrigins);
      });
      config.routes.options("/codec/*", ctx -> ctx.status(204));
      config.routes.post("/codec/decode", ctx -> transform(ctx, codec::decode));
      config.routes.post("/codec/encode", ctx -> transform(ctx, codec::encode));
      config.routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) ->
          ApiServer.error(ctx, e.getStatus(), "refused", e.getMessage()));
      config.routes.exception(InvalidProtocolBufferException.class, (e, ctx) ->
          ApiServer.error(ctx, 400, "malformed_request", "the body must be {\"payloads\":[...]}: " + e.getMessage()));
      config.routes.exception(Exception.class, (e, ctx) -> {
        log.warn("codec request failed: {}", e.getMessage());
        ApiServer.error(ctx, 422, "refused", "cannot transform these payloads (another key?)");
      });
    });
    app.start("127.0.0.1", port);
    log.info("codec endpoints for the Temporal Web UI on http://127.0.0.1:{}/codec", app.port());
    return new CodecServer(app);
  }

  public int port() {
    return app.port();
  }

  private static void transform(Context ctx, UnaryOperator<List<io.temporal.api.common.v1.Payload>> f)
      throws InvalidProtocolBufferException {
    Payloads.Builder in = Payloads.newBuilder();
    JsonFormat.parser().ignoringUnknownFields().merge(ctx.body(), in);
    Payloads out = Payloads.newBuilder().addAllPayloads(f.apply(in.getPayloadsList())).build();
    ctx.contentType("application/json").result(JsonFormat.printer().print(out));
  }

  /** A page on another site whose name resolves to 127.0.0.1 (DNS rebinding) still sends its own Host: refused. */
  private static void requireLoopbackHost(Context ctx) {
    String host = String.valueOf(ctx.header("Host"));
    String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.split(":", 2)[0];
    if (!name.equals("127.0.0.1") && !name.equals("localhost") && !name.equals("[::1]")) {
      throw new io.javalin.http.HttpResponseException(421, "the codec endpoints answer only on a loopback host name");
    }
  }

  private static void cors(Context ctx, Set<String> origins) {
    String origin = ctx.header("Origin");
    if (origin != null && origins.contains(origin)) {
      ctx.header("Access-Control-Allow-Origin", origin);
      ctx.header("Vary", "Origin");
      ctx.header("Access-Control-Allow-Methods", "POST, OPTIONS");
      ctx.header("Access-Control-Allow-Headers", "Content-Type, X-Namespace");
      ctx.header("Access-Control-Max-Age", "600");
    }
  }

  @Override
  public void close() {
    app.stop();
  }
}
