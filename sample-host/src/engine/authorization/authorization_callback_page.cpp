#include "engine/authorization/authorization_callback_page.hpp"

#include <iterator>

namespace host::engine {
namespace {

struct PageText {
  CallbackVerdict verdict;
  int status;
  std::string_view title;
  std::string_view before_detail;  // the detail, escaped, follows when it is not empty
  std::string_view after;
};

// One page per verdict. The last, kUnreadable's, also serves a verdict this table does not know.
constexpr PageText kPages[] = {
    {CallbackVerdict::kReceived, 200, "Authorization received", "",
     "You can close this window and return to the terminal."},
    {CallbackVerdict::kRefusedByShop, 403, "Authorization refused by the shop",
     "The shop answered: ",
     "Nothing was stored. You can close this window; run the authorization again to retry."},
    {CallbackVerdict::kWrongState, 400, "Wrong state: redirect ignored", "",
     "This redirect's state is not the one the authorization in progress sent: it belongs to "
     "another attempt or was forged. It was ignored; the authorization in progress is still "
     "waiting for its own redirect."},
    {CallbackVerdict::kReusedState, 409, "Reused state: redirect ignored", "",
     "This authorization was already answered; its state cannot be used twice. Nothing was "
     "changed."},
    {CallbackVerdict::kMissingState, 400, "Missing state: redirect ignored", "",
     "This redirect carried no state, so it cannot be tied to the authorization in progress. It "
     "was ignored. (An install started from an app store needs the authorization to run with "
     "--allow-missing-state.)"},
    {CallbackVerdict::kUnreadable, 400, "Missing code: redirect ignored",
     "The redirect could not be read: ",
     "It carried no usable code, so it was ignored; the authorization in progress is still "
     "waiting."},
};

const PageText& text_for(CallbackVerdict verdict) {
  for (const PageText& page : kPages) {
    if (page.verdict == verdict) return page;
  }
  return kPages[std::size(kPages) - 1];
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

http::OutgoingResponse callback_page(CallbackVerdict verdict, std::string_view detail) {
  const PageText& text = text_for(verdict);
  http::OutgoingResponse response;
  response.status = text.status;
  response.headers.push_back({"Content-Type", "text/html; charset=utf-8"});
  response.headers.push_back({"Cache-Control", "no-store"});
  // The page runs nothing and embeds nothing: say so to the browser too.
  response.headers.push_back({"Content-Security-Policy", "default-src 'none'"});
  response.headers.push_back({"X-Content-Type-Options", "nosniff"});
  std::string body = "<!doctype html><html><head><meta charset=\"utf-8\"><title>";
  body += text.title;
  body += "</title></head><body><h1>";
  body += text.title;
  body += "</h1>";
  if (!text.before_detail.empty() && !detail.empty()) {
    body += "<p>";
    body += text.before_detail;
    body += "<code>" + html_escape(detail) + "</code></p>";
  }
  body += "<p>";
  body += text.after;
  body += "</p></body></html>";
  response.body = std::move(body);
  return response;
}

}  // namespace host::engine
