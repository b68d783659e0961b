package dev.wxauth.server.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.wxauth.server.WxauthApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The auth server on a real port (its issuer), in dev mode, on a real PostgreSQL database shared by every test
 * class that uses this annotation (they share one application context too).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles(WxauthApplication.DEV_PROFILE)
@ContextConfiguration(initializers = AuthServerTestInitializer.class)
public @interface AuthServerTest {

}
