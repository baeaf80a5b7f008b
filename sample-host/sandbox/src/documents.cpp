// documents.cpp: building PDFs and serving them at /__sandbox/documents/{id}.
#include "documents.hpp"

#include <cstdio>

#include "endpoint_handlers.hpp"

namespace sandbox {
namespace {

// PDF string literals escape backslash and parentheses.
std::string pdf_text(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '(' || c == ')') out.push_back('\\');
    out.push_back(static_cast<unsigned char>(c) < 0x80 ? c : '?');
  }
  return out;
}

}  // namespace

std::string make_pdf(const std::vector<std::string>& lines) {
  std::string content = "BT /F1 14 Tf 40 380 Td 18 TL\n";
  for (const auto& line : lines) content += "(" + pdf_text(line) + ") Tj T*\n";
  content += "ET\n";
  const std::string objects[] = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 288 432] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  };
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < std::size(objects); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char entry[24];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", off);
    pdf += entry;
  }
  pdf += "trailer\n<< /Size " + std::to_string(offsets.size() + 1) + " /Root 1 0 R >>\n";
  pdf += "startxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string publish_document(HandlerContext& ctx, std::string pdf) {
  const std::string id = ctx.state.new_id() + ctx.state.new_id().substr(0, 8);
  ctx.state.documents[id] = ServedDocument{"application/pdf", std::move(pdf)};
  const auto& o = ctx.state.options;
  const std::string host =
      !ctx.request.host.empty() ? ctx.request.host : o.bind_address + ":" + std::to_string(o.port);
  return std::string(o.tls ? "https://" : "http://") + host + "/__sandbox/documents/" + id + ".pdf";
}

ApiResponse handle_document_file(HandlerContext& ctx) {
  std::string id = ctx.path_params[0];
  if (id.ends_with(".pdf")) id.resize(id.size() - 4);
  auto it = ctx.state.documents.find(id);
  if (it == ctx.state.documents.end())
    return failure(404, codes::kResourceNotFound, "No such document");
  ApiResponse r;
  r.content_type = it->second.content_type;
  r.body = it->second.bytes;
  return r;
}

}  // namespace sandbox
