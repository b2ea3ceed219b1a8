// 本地服务地址和口令。jixiao wps install 安装时会重写本文件（写入本机的口令）。
(function (root) {
  var config = {
    "serviceUrl": "http://127.0.0.1:17517",
    "token": ""
  };
  if (typeof module === "object" && module.exports) module.exports = config;
  else (root.JixiaoWps = root.JixiaoWps || {}).config = config;
})(this);
