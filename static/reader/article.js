// The article page's comments, enhanced through the GraphQL API as a frontend team would: more
// comments over GET (cacheable like any read), the form as a mutation over POST (with an
// Idempotency-Key, so a retry never posts twice), and new comments live through the
// commentAdded subscription (graphql-transport-ws, with graphql-ws's client served by this
// service). Without script, the page still shows the comments and the form posts to the server.
import { createClient } from '/assets/vendor/graphql-ws/client.js'

const COMMENT_FIELDS = 'id authorName body createdAt'
const MORE = `query Comments($id: ID!, $after: String) {
  article(id: $id) { comments(first: 20, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { ${COMMENT_FIELDS} replies(first: 20) { edges { node { ${COMMENT_FIELDS} } } } } }
  } }
}`
const ADD = `mutation Add($input: AddCommentInput!) { addComment(input: $input) { comment { ${COMMENT_FIELDS} status } } }`
const LIVE = `subscription Live($id: ID!) { commentAdded(articleId: $id) { ${COMMENT_FIELDS} parent { id } } }`

const section = document.getElementById('comments')
if (section) enhance(section)

/** A GraphQL read over GET: the same caching (ETag, 304) as every public read. */
async function read (query, variables) {
  const params = new URLSearchParams({ query, variables: JSON.stringify(variables) })
  const res = await fetch(`/graphql?${params}`, { headers: { accept: 'application/graphql-response+json, application/json' } })
  return res.json()
}

function enhance (section) {
  const articleId = section.dataset.articleId
  const list = section.querySelector('.comment-list')
  const form = section.querySelector('.comment-form')
  const receipt = form.querySelector('.receipt')
  const count = section.querySelector('.comment-count')
  const more = section.querySelector('.more-comments')
  const replying = form.querySelector('.replying')
  const dates = new Intl.DateTimeFormat(section.dataset.lang, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: section.dataset.timeZone })
  let endCursor = section.dataset.endCursor || null

  const element = (tag, className, text) => {
    const el = document.createElement(tag)
    if (className) el.className = className
    if (text !== undefined) el.textContent = text
    return el
  }

  /** A comment as the server renders it (views/comment.eta), built with textContent only. */
  function commentElement (c, isReply) {
    const li = element('li', isReply ? 'comment reply' : 'comment')
    li.id = `comment-${c.id}`
    li.dataset.id = c.id
    const meta = element('p', 'comment-meta')
    const time = element('time', '', dates.format(new Date(c.createdAt)))
    time.dateTime = c.createdAt
    meta.append(element('span', 'author', c.authorName), ' · ', time)
    li.append(meta, element('p', 'comment-body', c.body))
    if (!isReply) {
      const reply = element('button', 'reply-to', section.dataset.reply)
      reply.type = 'button'
      reply.dataset.id = c.id
      reply.dataset.author = c.authorName
      li.append(reply, element('ol', 'replies'))
    }
    return li
  }

  function add (c, parentId, { live } = { live: false }) {
    if (document.getElementById(`comment-${c.id}`)) return
    const parent = parentId ? document.getElementById(`comment-${parentId}`) : null
    const el = commentElement(c, Boolean(parent))
    if (live) el.classList.add('new')
    if (parent) parent.querySelector('.replies').append(el)
    else list.append(el)
    section.querySelector('.no-comments')?.remove()
    return el
  }

  more?.addEventListener('click', async () => {
    more.disabled = true
    const { data } = await read(MORE, { id: articleId, after: endCursor })
    const page = data?.article?.comments
    if (!page) { more.disabled = false; return }
    for (const { node } of page.edges) {
      add(node, null)
      for (const r of node.replies.edges) add(r.node, node.id)
    }
    endCursor = page.pageInfo.endCursor
    if (page.pageInfo.hasNextPage) more.disabled = false
    else more.remove()
  })

  section.addEventListener('click', (event) => {
    const button = event.target.closest('.reply-to')
    if (!button) return
    form.elements.parentId.value = button.dataset.id
    replying.hidden = false
    replying.querySelector('span').textContent = `${section.dataset.reply}: ${button.dataset.author}`
    form.elements.body.focus()
  })
  form.querySelector('.cancel-reply').addEventListener('click', () => {
    form.elements.parentId.value = ''
    replying.hidden = true
  })

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const f = form.elements
    const input = {
      articleId,
      parentId: f.parentId.value || null,
      authorName: f.authorName.value,
      authorEmail: f.authorEmail.value || null,
      body: f.body.value,
      website: f.website.value || null,
    }
    const button = form.querySelector('button[type="submit"]')
    button.disabled = true
    try {
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ query: ADD, variables: { input } }),
      })
      const { data, errors } = await res.json()
      receipt.replaceChildren()
      if (errors?.length) {
        receipt.append(element('p', 'error', `${section.dataset.failed} ${errors[0].message}`))
        return
      }
      const comment = data.addComment.comment
      const quote = element('blockquote', 'comment pending-comment')
      quote.dataset.id = comment.id
      quote.dataset.status = comment.status
      const meta = element('p', 'comment-meta')
      meta.append(element('span', 'author', comment.authorName))
      quote.append(meta, element('p', 'comment-body', comment.body))
      receipt.append(element('p', 'pending', section.dataset.pending), quote)
      f.body.value = ''
      f.parentId.value = ''
      replying.hidden = true
    } catch (err) {
      receipt.replaceChildren(element('p', 'error', `${section.dataset.failed} ${err.message}`))
    } finally {
      button.disabled = false
    }
  })

  // Live: approved comments arrive as they are approved, on whichever instance approves them.
  const client = createClient({ url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`, retryAttempts: Infinity })
  client.subscribe({ query: LIVE, variables: { id: articleId } }, {
    next: ({ data }) => {
      const c = data?.commentAdded
      if (!c) return
      if (add(c, c.parent?.id ?? null, { live: true })) count.textContent = String(Number(count.textContent) + 1)
    },
    error: () => {},
    complete: () => {},
  })
  section.dataset.live = 'subscribed'
}
