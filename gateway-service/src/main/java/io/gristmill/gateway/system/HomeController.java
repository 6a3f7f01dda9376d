package io.gristmill.gateway.system;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A pointer for people who open the gateway in a browser, until the dashboard exists. */
@RestController
class HomeController {

  private static final String PAGE = """
      <!DOCTYPE html>
      <html lang="en">
      <head><meta charset="utf-8"><title>Gristmill</title></head>
      <body>
      <h1>Gristmill</h1>
      <p>The REST API lives at <code>/api/v1</code> (files and jobs); every request needs
      <code>Authorization: Bearer &lt;token&gt;</code>.</p>
      </body>
      </html>
      """;

  @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
  String home() {
    return PAGE;
  }
}
