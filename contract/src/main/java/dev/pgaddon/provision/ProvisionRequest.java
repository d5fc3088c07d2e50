package dev.pgaddon.provision;

/**
 * @param version a PostgreSQL version such as "15.20", or null for the newest the platform offers
 * @param restartHook called after operations to restart the application: an http(s) URL, POSTed a JSON
 *     body signed with HMAC-SHA256 (the addon's "restart-hook" secret); null for none. Anything else is
 *     refused as an invalid request (see AddonNames.restartHookProblem)
 */
public record ProvisionRequest(String addonId, String app, String planId, String version, String restartHook) {}
