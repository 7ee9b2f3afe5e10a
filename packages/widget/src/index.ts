export { ACCESS_TOKEN_EVENT, type PeekAppEvent, type PeekExtensionContext, REFRESH_EVENTS } from "./contract";
export { apiOrigin, default, runWidget } from "./widget-extension";
