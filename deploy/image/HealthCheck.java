import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The image's health check (its {@code HEALTHCHECK}; the image has no shell and no curl): exits 0 when the auth
 * server's readiness endpoint on the management port answers 200, 1 otherwise. That port is
 * {@code WXAUTH_MANAGEMENT_PORT}, the variable the server reads too.
 */
public final class HealthCheck {

	private HealthCheck() {
	}

	public static void main(String[] args) {
		String port = System.getenv().getOrDefault("WXAUTH_MANAGEMENT_PORT", "9001");
		String path = (args.length > 0) ? args[0] : "/actuator/health/readiness";
		try {
			HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path)
				.toURL()
				.openConnection();
			connection.setConnectTimeout(2000);
			connection.setReadTimeout(4000);
			int status = connection.getResponseCode();
			System.out.println(path + ": " + status);
			System.exit((status == 200) ? 0 : 1);
		}
		catch (IOException | IllegalArgumentException ex) {
			System.out.println(path + ": " + ex);
			System.exit(1);
		}
	}

}
