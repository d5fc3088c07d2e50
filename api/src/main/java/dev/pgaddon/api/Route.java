package dev.pgaddon.api;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** One route of the API; the list of them is what the OpenAPI document must describe. */
record Route(HandlerType method, String path, Handler handler) {
  static Route get(String path, Handler h) {
    return new Route(HandlerType.GET, path, h);
  }

  static Route post(String path, Handler h) {
    return new Route(HandlerType.POST, path, h);
  }

  static Route patch(String path, Handler h) {
    return new Route(HandlerType.PATCH, path, h);
  }

  static Route put(String path, Handler h) {
    return new Route(HandlerType.PUT, path, h);
  }

  static Route delete(String path, Handler h) {
    return new Route(HandlerType.DELETE, path, h);
  }
}
