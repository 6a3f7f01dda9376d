package io.gristmill.gateway.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The head of the OpenAPI document at {@code /v3/api-docs}; the operations come from the controllers. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  @Bean
  OpenAPI gristmillOpenApi() {
    return new OpenAPI()
        .info(new Info().title("Gristmill REST API").version("v1").description("""
            Files, jobs, workers and storage of a Gristmill MapReduce platform. Every request under /api needs \
            'Authorization: Bearer <token>'; roles are viewer (read), submitter (also upload files, submit and \
            cancel own jobs) and admin (everything). Errors are RFC 9457 problem details; timestamps are \
            ISO-8601 UTC."""))
        .components(new Components().addSecuritySchemes("bearer",
            new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
        .addSecurityItem(new SecurityRequirement().addList("bearer"));
  }
}
