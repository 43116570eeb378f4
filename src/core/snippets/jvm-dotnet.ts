// Spring Boot (MVC alone, and with Spring Security) and ASP.NET Core. The failure these stacks
// are known for is order: Spring Security's filter chain answers the preflight 401 before MVC's
// CORS runs unless http.cors() puts the CorsFilter first; ASP.NET's UseCors must sit between
// UseRouting and UseAuthentication/UseAuthorization.
import { cs, java, list } from './quote.ts';
import { anyOrigin, dir, expose, methodsWithDefaults, routeOf, type CorsRequirements } from './requirements.ts';

/** Spring's path pattern for the route: `/items/**` or the exact path. */
function springPattern(r: CorsRequirements): string {
  const route = routeOf(r.path);
  return route.pinned ? `${dir(route.prefix)}**` : r.path;
}

/** Spring MVC: a WebMvcConfigurer. Spring checks the actual request's method too, so GET/HEAD/POST stay. */
export function springMvcSnippet(r: CorsRequirements): string {
  const calls = [`            .${anyOrigin(r) ? 'allowedOriginPatterns' : 'allowedOrigins'}(${java(r.origin)})`];
  calls.push(`            .allowedMethods(${list(methodsWithDefaults(r), java)})`);
  if (r.preflight && r.headers.length > 0) calls.push(`            .allowedHeaders(${list(r.headers, java)})`);
  if (expose(r).length > 0) calls.push(`            .exposedHeaders(${list(expose(r), java)})`);
  if (r.credentials) calls.push('            .allowCredentials(true)');
  calls.push(`            .maxAge(${r.maxAge});`);
  return [
    '// A @Configuration class. With Spring Security on the classpath, use the Security snippet instead:',
    '// its filter chain runs before MVC and answers the preflight 401 unless http.cors() is set.',
    'import org.springframework.context.annotation.Configuration;',
    'import org.springframework.web.servlet.config.annotation.CorsRegistry;',
    'import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;',
    '',
    '@Configuration',
    'public class CorsConfig implements WebMvcConfigurer {',
    '    @Override',
    '    public void addCorsMappings(CorsRegistry registry) {',
    `        registry.addMapping(${java(springPattern(r))})`,
    ...calls,
    '    }',
    '}',
  ].join('\n');
}

/** Spring Security: http.cors() puts the CorsFilter before authentication, fed by a CorsConfigurationSource bean. */
export function springSecuritySnippet(r: CorsRequirements): string {
  const set = [`        config.${anyOrigin(r) ? 'setAllowedOriginPatterns' : 'setAllowedOrigins'}(List.of(${java(r.origin)}));`];
  set.push(`        config.setAllowedMethods(List.of(${list(methodsWithDefaults(r), java)}));`);
  if (r.preflight && r.headers.length > 0) set.push(`        config.setAllowedHeaders(List.of(${list(r.headers, java)}));`);
  if (expose(r).length > 0) set.push(`        config.setExposedHeaders(List.of(${list(expose(r), java)}));`);
  if (r.credentials) set.push('        config.setAllowCredentials(true);');
  set.push(`        config.setMaxAge(${r.maxAge}L);`);
  return [
    '// Your security configuration: http.cors() runs the CorsFilter before the authentication filters,',
    '// so the preflight (which carries no credentials) is answered instead of refused with 401.',
    'import java.util.List;',
    'import org.springframework.context.annotation.Bean;',
    'import org.springframework.context.annotation.Configuration;',
    'import org.springframework.security.config.Customizer;',
    'import org.springframework.security.config.annotation.web.builders.HttpSecurity;',
    'import org.springframework.security.web.SecurityFilterChain;',
    'import org.springframework.web.cors.CorsConfiguration;',
    'import org.springframework.web.cors.CorsConfigurationSource;',
    'import org.springframework.web.cors.UrlBasedCorsConfigurationSource;',
    '',
    '@Configuration',
    'public class SecurityConfig {',
    '    @Bean',
    '    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {',
    '        http.cors(Customizer.withDefaults()); // uses the corsConfigurationSource bean below',
    '        // ... your authorizeHttpRequests and other rules, unchanged',
    '        return http.build();',
    '    }',
    '',
    '    @Bean',
    '    CorsConfigurationSource corsConfigurationSource() {',
    '        CorsConfiguration config = new CorsConfiguration();',
    ...set,
    '        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();',
    `        source.registerCorsConfiguration(${java(springPattern(r))}, config);`,
    '        return source;',
    '    }',
    '}',
  ].join('\n');
}

/** ASP.NET Core (Program.cs, minimal hosting). */
export function aspnetSnippet(r: CorsRequirements): string {
  const policy = [`        .${anyOrigin(r) ? 'AllowAnyOrigin()' : `WithOrigins(${cs(r.origin)})`}`];
  if (r.preflight) {
    policy.push(r.methods.length > 0 ? `        .WithMethods(${list(r.methods, cs)})` : '        .AllowAnyMethod()');
    if (r.headers.length > 0) policy.push(`        .WithHeaders(${list(r.headers, cs)})`);
    policy.push(`        .SetPreflightMaxAge(TimeSpan.FromSeconds(${r.maxAge}))`);
  }
  if (expose(r).length > 0) policy.push(`        .WithExposedHeaders(${list(expose(r), cs)})`);
  if (r.credentials) policy.push('        .AllowCredentials()');
  const last = policy.length - 1;
  policy[last] = `${policy[last] ?? ''}));`;
  return [
    '// Program.cs: app.UseCors() after UseRouting() and before UseAuthentication() / UseAuthorization(),',
    '// so the preflight is answered before authentication can refuse it.',
    'builder.Services.AddCors(options => options.AddPolicy("CorsLens", policy => policy',
    ...policy,
    '',
    'var app = builder.Build();',
    'app.UseRouting();',
    'app.UseCors("CorsLens");',
    'app.UseAuthentication();',
    'app.UseAuthorization();',
    '// ... app.MapControllers(); and the rest',
  ].join('\n');
}
