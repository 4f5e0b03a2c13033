package dev.goodhart.examples;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code goodhart --version}: the version in the jar's manifest, or the build's (when run from classes). */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"goodhart " + version(), "Java " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vendor") + ")"};
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        if (v != null) {
            return v;
        }
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // below
        }
        return "unknown";
    }
}
