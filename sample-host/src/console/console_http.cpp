#include "console/console_http.hpp"

#include <cctype>

#include <json_writer/json_writer.hpp>

#include "engine/authorization/authorization_callback_page.hpp"

namespace host::console {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

http::OutgoingResponse body_response(int status, std::string_view content_type, std::string body) {
  http::OutgoingResponse response;
  response.status = status;
  response.headers.push_back({"Content-Type", std::string(content_type)});
  response.body = std::move(body);
  return response;
}

http::OutgoingResponse json_response(int status, std::string body) {
  return body_response(status, "application/json; charset=utf-8", std::move(body));
}

http::OutgoingResponse error_response(int status, std::string_view message) {
  std::string body;
  jsonw::Writer w(body);
  w.begin_object().key("error").begin_object().field("message", message).end_object().end_object();
  return json_response(status, std::move(body));
}

http::OutgoingResponse problems_response(std::string_view message,
                                         const std::vector<manifest::ManifestProblem>& problems) {
  std::string body;
  jsonw::Writer w(body);
  w.begin_object().key("error").begin_object().field("message", message).key("fields");
  w.begin_array();
  for (const auto& problem : problems) {
    w.begin_object().field("pointer", problem.field).field("message", problem.message);
    w.end_object();
  }
  w.end_array().end_object().end_object();
  return json_response(422, std::move(body));
}

http::OutgoingResponse page_response(int status, std::string_view heading, std::string_view text) {
  http::OutgoingResponse response;
  response.status = status;
  response.headers.push_back({"Content-Type", "text/html; charset=utf-8"});
  response.body = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                  engine::html_escape(heading) +
                  "</title><link rel=\"stylesheet\" href=\"/app.css\"></head><body>" +
                  "<main><h1>" + engine::html_escape(heading) + "</h1><p>" +
                  engine::html_escape(text) +
                  "</p><p><a href=\"/\">Back to the console</a></p></main></body></html>\n";
  return response;
}

void add_security_headers(http::OutgoingResponse& response, bool api) {
  // A header the answer set already stays (the engine's callback pages carry a stricter policy).
  const auto add = [&response](std::string_view name, std::string_view value) {
    for (const auto& header : response.headers) {
      if (header.name == name) return;
    }
    response.headers.push_back({std::string(name), std::string(value)});
  };
  add("Content-Security-Policy", kContentSecurityPolicy);
  add("X-Content-Type-Options", "nosniff");
  add("Referrer-Policy", "no-referrer");
  add("X-Frame-Options", "DENY");
  if (api) add("Cache-Control", "no-store");
}

std::string_view target_path(std::string_view target) { return target.substr(0, target.find('?')); }

std::string percent_decode(std::string_view text, bool* ok) {
  std::string out;
  *ok = true;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%') {
      const int high = i + 2 < text.size() ? hex_digit(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? hex_digit(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        *ok = false;
        return {};
      }
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string query_parameter(std::string_view target, std::string_view name) {
  const size_t question = target.find('?');
  if (question == std::string_view::npos) return {};
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      bool ok = false;
      std::string value =
          percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), &ok);
      return ok ? value : std::string();
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

std::string cookie_value(const http::IncomingRequest& request, std::string_view name) {
  for (const auto& header : request.headers) {
    if (header.name.size() != 6) continue;
    std::string lower;
    for (char c : header.name)
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower != "cookie") continue;
    std::string_view rest = header.value;
    while (!rest.empty()) {
      const size_t semi = rest.find(';');
      std::string_view pair = rest.substr(0, semi);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      const size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
        return std::string(pair.substr(eq + 1));
      }
      if (semi == std::string_view::npos) break;
      rest.remove_prefix(semi + 1);
    }
  }
  return {};
}

}  // namespace host::console
