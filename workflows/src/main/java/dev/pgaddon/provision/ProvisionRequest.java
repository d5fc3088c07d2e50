package dev.pgaddon.provision;

/**
 * @param version a PostgreSQL version such as "15.20", or null for the newest the platform offers
 * @param restartHook run after operations to restart the application: an http(s) URL (POSTed to) or a
 *     shell command; null for none
 */
public record ProvisionRequest(String addonId, String app, String planId, String version, String restartHook) {}
