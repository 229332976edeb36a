/* global React, ReactDOM, GraphiQL */
// GraphiQL on this service's /graphql, queries over HTTP and subscriptions over WebSocket
// (graphql-transport-ws), every script served by this service from its npm packages.
(function () {
  const ws = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql'
  const fetcher = GraphiQL.createFetcher({ url: '/graphql', subscriptionUrl: ws })
  // ?query= opens GraphiQL on a query (a shareable link to a request)
  const query = new URLSearchParams(location.search).get('query') ?? undefined
  const root = ReactDOM.createRoot(document.getElementById('graphiql'))
  root.render(React.createElement(GraphiQL, { fetcher, query, defaultEditorToolsVisibility: true }))
})()
