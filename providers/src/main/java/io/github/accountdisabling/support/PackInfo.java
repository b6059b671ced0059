package io.github.accountdisabling.support;

import java.util.Map;

/** What every factory reports under Server info → Providers, so operators can tell which pack build runs. */
public final class PackInfo {

    private PackInfo() {
    }

    public static String version() {
        String version = PackInfo.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    public static Map<String, String> operationalInfo() {
        return Map.of("version", version());
    }
}
