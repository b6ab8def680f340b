/**
 * The product's name, one place for every surface that shows it: the edge's `hello` (`server`,
 * unless SERVER_NAME names the instance), the start-up summary, the CLI's banner, the web client's
 * title and log-in page. The npm package and the `@chat/*` aliases keep their working names.
 */
export const PRODUCT_NAME = 'Natter';
