package dev.wxauth.emulator;

import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.HttpEncodingAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;

/**
 * The WeChat emulator as a standalone Spring Boot application, configured by {@code wechat-emulator.yml}.
 * <p>
 * It usually runs in the same JVM as the application under test (see {@link WeChatEmulator}), whose classpath
 * brings security, JDBC, Flyway and more. Classpath-driven auto-configuration is therefore switched off and the
 * emulator imports exactly the auto-configurations of a bare Spring MVC server on Tomcat, so that it behaves the
 * same standalone and in-process.
 */
@SpringBootApplication
@EnableConfigurationProperties(EmulatorProperties.class)
@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, TomcatServletWebServerAutoConfiguration.class,
		DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class,
		HttpEncodingAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
		JacksonAutoConfiguration.class })
public class WeChatEmulatorApplication {

	public static void main(String[] args) {
		application().run(args);
	}

	/**
	 * The application with the settings that must hold however it is started. They are default properties, so a
	 * command-line argument can still override them.
	 */
	static SpringApplication application() {
		SpringApplication application = new SpringApplication(WeChatEmulatorApplication.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		application.setBannerMode(Banner.Mode.OFF);
		application.setDefaultProperties(Map.of(
				// Not application.yml: that name belongs to the application the emulator shares a classpath with.
				"spring.config.name", "wechat-emulator",
				// Only the @ImportAutoConfiguration list above, whatever else is on the classpath.
				"spring.boot.enableautoconfiguration", "false"));
		return application;
	}

}
