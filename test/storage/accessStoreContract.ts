import { describe, expect, it } from 'vitest'
import type { Board, InviteRecord, MembershipRecord, SessionRecord, Storage, UserRecord } from '../../server/storage/types'
import { UniqueViolation } from '../../server/storage/types'

/**
 * The contract of the access stores (people, sessions, board roles, invites), registered by
 * `registerStorageContractTests` inside its own `describe`, so every adapter runs it on a fresh storage per test.
 * `current()` returns that test's storage.
 *
 * Every store holds foreign keys to boards and people, so each test first creates the boards and people it refers to.
 */
export function registerAccessStoreContractTests(current: () => Storage): void {
  const account = (id: string, email: string, extra: Partial<UserRecord> = {}): UserRecord => ({
    id,
    kind: 'account',
    email,
    passwordHash: `$argon2id$v=19$m=19456,t=2,p=1$salt-of-${id}$hash-of-${id}`,
    name: `Name of ${id}`,
    sector: null,
    organisation: null,
    createdAt: '2024-01-01T00:00:00.000Z',
    ...extra,
  })
  const guest = (id: string, extra: Partial<UserRecord> = {}): UserRecord => ({
    id,
    kind: 'guest',
    email: null,
    passwordHash: null,
    name: `Guest ${id}`,
    sector: 'masyarakat_sipil',
    organisation: 'Karang Taruna',
    createdAt: '2024-01-02T00:00:00.000Z',
    ...extra,
  })
  const board = (id: string, createdAt: string): Board => ({ id, title: `Board ${id}`, createdAt })
  const session = (id: string, userId: string, expiresAt: number, hashByte = 7): SessionRecord => ({
    id,
    userId,
    // 32 bytes like a SHA-256, with values across the whole byte range (0x00, 0xff, …) so no text conversion survives.
    secretHash: Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + hashByte) & 0xff),
    createdAt: 1_700_000_000_000,
    expiresAt,
  })
  const membership = (boardId: string, userId: string, role: MembershipRecord['role'], inviteId: string | null = null): MembershipRecord => ({
    boardId,
    userId,
    role,
    inviteId,
    createdAt: '2024-03-01T00:00:00.000Z',
  })
  const invite = (id: string, boardId: string, code: string, createdAt: string, extra: Partial<InviteRecord> = {}): InviteRecord => ({
    id,
    boardId,
    code,
    role: 'editor',
    createdBy: 'owner',
    createdAt,
    expiresAt: null,
    revokedAt: null,
    ...extra,
  })
  const hex = (data: Uint8Array) => Buffer.from(data).toString('hex')
  const byUser = (a: MembershipRecord, b: MembershipRecord) => a.userId.localeCompare(b.userId)

  async function givenUsers(...users: UserRecord[]): Promise<void> {
    for (const user of users) await current().users.create(user)
  }
  async function givenBoards(...boards: Board[]): Promise<void> {
    for (const b of boards) await current().boards.createBoard(b)
  }

  describe('UserStore', () => {
    it('create stores a person and get returns it unchanged', async () => {
      const withProfile = account('u1', 'ani@example.org', { sector: 'pemerintah', organisation: 'Bappeda', name: 'Ani “Rembug” 🙂' })
      await givenUsers(withProfile, guest('g1'))
      expect(await current().users.get('u1')).toEqual(withProfile)
      expect(await current().users.get('g1')).toEqual(guest('g1'))
    })

    it('get and getByEmail of an unknown person are null', async () => {
      await givenUsers(account('u1', 'ani@example.org'))
      expect(await current().users.get('unknown')).toBeNull()
      expect(await current().users.getByEmail('budi@example.org')).toBeNull()
    })

    it('getByEmail finds the account whatever the case of the e-mail asked for', async () => {
      await givenUsers(account('u1', 'ani@example.org'), account('u2', 'budi@example.org'))
      expect((await current().users.getByEmail('ani@example.org'))?.id).toBe('u1')
      expect((await current().users.getByEmail('ANI@Example.ORG'))?.id).toBe('u1')
      expect((await current().users.getByEmail('Budi@EXAMPLE.org'))?.id).toBe('u2')
    })

    it('create stores the e-mail in lower case, so getByEmail finds an account created with upper case', async () => {
      await givenUsers(account('u1', 'Citra@Example.ORG'))
      expect((await current().users.get('u1'))?.email).toBe('citra@example.org')
      expect((await current().users.getByEmail('citra@example.org'))?.id).toBe('u1')
    })

    it('create with an e-mail that has an account rejects with UniqueViolation, also in another case, and keeps the first', async () => {
      const first = account('u1', 'ani@example.org')
      await givenUsers(first)
      await expect(current().users.create(account('u2', 'ani@example.org'))).rejects.toBeInstanceOf(UniqueViolation)
      await expect(current().users.create(account('u3', 'ANI@EXAMPLE.ORG'))).rejects.toBeInstanceOf(UniqueViolation)
      expect(await current().users.getByEmail('ani@example.org')).toEqual(first)
      expect(await current().users.get('u2')).toBeNull()
      expect(await current().users.get('u3')).toBeNull()
    })

    it('create with a taken id rejects with UniqueViolation', async () => {
      await givenUsers(guest('same'))
      await expect(current().users.create(account('same', 'new@example.org'))).rejects.toBeInstanceOf(UniqueViolation)
      expect(await current().users.get('same')).toEqual(guest('same'))
    })

    it('guests without an e-mail can be many', async () => {
      await givenUsers(guest('g1'), guest('g2'), guest('g3'))
      for (const id of ['g1', 'g2', 'g3']) expect((await current().users.get(id))?.email).toBeNull()
    })

    it('update changes only the fields given and leaves the rest (and other people) as they were', async () => {
      const original = account('u1', 'ani@example.org', { sector: 'swasta', organisation: 'PT Maju' })
      const other = account('u2', 'budi@example.org')
      await givenUsers(original, other)

      await current().users.update('u1', { name: 'Ani Baru' })
      expect(await current().users.get('u1')).toEqual({ ...original, name: 'Ani Baru' })

      await current().users.update('u1', { passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$new$new' })
      expect(await current().users.get('u1')).toEqual({ ...original, name: 'Ani Baru', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$new$new' })

      // null is a value (clearing a field); a missing key is "leave as is".
      await current().users.update('u1', { sector: 'akademisi', organisation: null })
      expect(await current().users.get('u1')).toEqual({
        ...original,
        name: 'Ani Baru',
        passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$new$new',
        sector: 'akademisi',
        organisation: null,
      })
      expect(await current().users.get('u2')).toEqual(other)
    })

    it('update with an empty patch, or keys set to undefined, changes nothing', async () => {
      const original = guest('g1')
      await givenUsers(original)
      await current().users.update('g1', {})
      expect(await current().users.get('g1')).toEqual(original)
      await current().users.update('g1', { sector: undefined, organisation: undefined, name: 'Tamu Baru' })
      expect(await current().users.get('g1')).toEqual({ ...original, name: 'Tamu Baru' })
    })
  })

  describe('SessionStore', () => {
    it('get of an unknown session is null', async () => {
      expect(await current().sessions.get('unknown')).toBeNull()
    })

    it('create stores the session and get returns it with the same secretHash bytes', async () => {
      await givenUsers(account('u1', 'ani@example.org'))
      const created = session('s1', 'u1', 1_800_000_000_000)
      await current().sessions.create(created)
      const stored = await current().sessions.get('s1')
      expect(stored).not.toBeNull()
      expect(stored!.secretHash).toBeInstanceOf(Uint8Array)
      expect(hex(stored!.secretHash)).toBe(hex(created.secretHash))
      expect({ ...stored!, secretHash: null }).toEqual({ ...created, secretHash: null })
    })

    it('create with a taken id rejects with UniqueViolation and keeps the first', async () => {
      await givenUsers(account('u1', 'ani@example.org'), account('u2', 'budi@example.org'))
      await current().sessions.create(session('s1', 'u1', 1_800_000_000_000))
      await expect(current().sessions.create(session('s1', 'u2', 1_900_000_000_000, 9))).rejects.toBeInstanceOf(UniqueViolation)
      expect((await current().sessions.get('s1'))?.userId).toBe('u1')
    })

    it('setExpiry changes only that session’s expiry', async () => {
      await givenUsers(account('u1', 'ani@example.org'))
      await current().sessions.create(session('s1', 'u1', 1_800_000_000_000))
      await current().sessions.create(session('s2', 'u1', 1_800_000_000_000))
      await current().sessions.setExpiry('s1', 1_850_000_000_123)
      const s1 = await current().sessions.get('s1')
      expect(s1?.expiresAt).toBe(1_850_000_000_123)
      expect(s1?.createdAt).toBe(1_700_000_000_000)
      expect(hex(s1!.secretHash)).toBe(hex(session('s1', 'u1', 0).secretHash))
      expect((await current().sessions.get('s2'))?.expiresAt).toBe(1_800_000_000_000)
    })

    it('delete ends one session and leaves the others', async () => {
      await givenUsers(account('u1', 'ani@example.org'))
      await current().sessions.create(session('s1', 'u1', 1_800_000_000_000))
      await current().sessions.create(session('s2', 'u1', 1_800_000_000_000))
      await current().sessions.delete('s1')
      expect(await current().sessions.get('s1')).toBeNull()
      expect(await current().sessions.get('s2')).not.toBeNull()
      await expect(current().sessions.delete('unknown')).resolves.toBeUndefined()
    })

    it('deleteForUser ends every session of that person, returns their ids and leaves other people’s', async () => {
      await givenUsers(account('u1', 'ani@example.org'), account('u2', 'budi@example.org'))
      for (const id of ['a1', 'a2', 'a3']) await current().sessions.create(session(id, 'u1', 1_800_000_000_000))
      await current().sessions.create(session('b1', 'u2', 1_800_000_000_000))
      expect([...(await current().sessions.deleteForUser('u1'))].sort()).toEqual(['a1', 'a2', 'a3'])
      for (const id of ['a1', 'a2', 'a3']) expect(await current().sessions.get(id)).toBeNull()
      expect((await current().sessions.get('b1'))?.userId).toBe('u2')
      expect(await current().sessions.deleteForUser('u1')).toEqual([])
    })

    it('deleteExpired removes only sessions that expired before now and returns how many', async () => {
      await givenUsers(account('u1', 'ani@example.org'), account('u2', 'budi@example.org'))
      const now = 1_750_000_000_000
      await current().sessions.create(session('old1', 'u1', now - 1))
      await current().sessions.create(session('old2', 'u2', now - 86_400_000))
      await current().sessions.create(session('live1', 'u1', now + 1))
      await current().sessions.create(session('live2', 'u2', now + 86_400_000))
      expect(await current().sessions.deleteExpired(now)).toBe(2)
      expect(await current().sessions.get('old1')).toBeNull()
      expect(await current().sessions.get('old2')).toBeNull()
      expect(await current().sessions.get('live1')).not.toBeNull()
      expect(await current().sessions.get('live2')).not.toBeNull()
      expect(await current().sessions.deleteExpired(now)).toBe(0)
    })

    it('deleteExpired counts a session expiring exactly at now as expired, as SessionService.validate does', async () => {
      await givenUsers(account('u1', 'ani@example.org'))
      const now = 1_750_000_000_000
      await current().sessions.create(session('edge', 'u1', now))
      expect(await current().sessions.deleteExpired(now)).toBe(1)
      expect(await current().sessions.get('edge')).toBeNull()
    })
  })

  describe('MemberStore', () => {
    it('get of a person with no role on the board is null', async () => {
      await givenBoards(board('b1', '2024-01-01T00:00:00.000Z'))
      await givenUsers(account('u1', 'ani@example.org'))
      expect(await current().members.get('b1', 'u1')).toBeNull()
      expect(await current().members.listForBoard('b1')).toEqual([])
      expect(await current().members.boardsOf('u1')).toEqual([])
    })

    it('upsert adds a role, and upserting again replaces the role and inviteId', async () => {
      await givenBoards(board('b1', '2024-01-01T00:00:00.000Z'))
      await givenUsers(account('owner', 'owner@example.org'), guest('g1'))
      await current().invites.create(invite('i1', 'b1', 'AAAAAAAA', '2024-01-02T00:00:00.000Z'))
      await current().invites.create(invite('i2', 'b1', 'BBBBBBBB', '2024-01-03T00:00:00.000Z', { role: 'viewer' }))

      await current().members.upsert(membership('b1', 'g1', 'viewer', 'i2'))
      expect(await current().members.get('b1', 'g1')).toEqual(membership('b1', 'g1', 'viewer', 'i2'))

      await current().members.upsert(membership('b1', 'g1', 'editor', 'i1'))
      expect(await current().members.get('b1', 'g1')).toMatchObject({ boardId: 'b1', userId: 'g1', role: 'editor', inviteId: 'i1' })

      await current().members.upsert(membership('b1', 'g1', 'facilitator', null))
      expect(await current().members.get('b1', 'g1')).toMatchObject({ role: 'facilitator', inviteId: null })
      // Still one membership, not three.
      expect(await current().members.listForBoard('b1')).toHaveLength(1)
    })

    it('listForBoard returns every role on that board and none of other boards', async () => {
      await givenBoards(board('b1', '2024-01-01T00:00:00.000Z'), board('b2', '2024-01-02T00:00:00.000Z'))
      await givenUsers(account('u1', 'ani@example.org'), account('u2', 'budi@example.org'), guest('g1'))
      const memberships = [membership('b1', 'u1', 'owner'), membership('b1', 'u2', 'facilitator'), membership('b1', 'g1', 'viewer')]
      for (const m of memberships) await current().members.upsert(m)
      await current().members.upsert(membership('b2', 'u2', 'owner'))
      expect([...(await current().members.listForBoard('b1'))].sort(byUser)).toEqual([...memberships].sort(byUser))
      expect(await current().members.listForBoard('b2')).toEqual([membership('b2', 'u2', 'owner')])
    })

    it('boardsOf returns only that person’s boards, each with their role, newest board first', async () => {
      // Neither insertion order nor id order matches createdAt order.
      const jan = board('b-mid', '2024-01-15T00:00:00.000Z')
      const mar = board('c-new', '2024-03-01T00:00:00.000Z')
      const feb = board('a-old', '2024-02-01T00:00:00.000Z')
      const notMine = board('d-other', '2024-04-01T00:00:00.000Z')
      await givenBoards(jan, mar, feb, notMine)
      await givenUsers(account('u1', 'ani@example.org'), account('u2', 'budi@example.org'))
      await current().members.upsert(membership(jan.id, 'u1', 'owner'))
      await current().members.upsert(membership(mar.id, 'u1', 'viewer'))
      await current().members.upsert(membership(feb.id, 'u1', 'editor'))
      await current().members.upsert(membership(notMine.id, 'u2', 'owner'))
      await current().members.upsert(membership(jan.id, 'u2', 'facilitator'))
      expect(await current().members.boardsOf('u1')).toEqual([
        { ...mar, role: 'viewer' },
        { ...feb, role: 'editor' },
        { ...jan, role: 'owner' },
      ])
      expect(await current().members.boardsOf('u2')).toEqual([
        { ...notMine, role: 'owner' },
        { ...jan, role: 'facilitator' },
      ])
    })

    it('remove takes away one person’s role on one board only', async () => {
      await givenBoards(board('b1', '2024-01-01T00:00:00.000Z'), board('b2', '2024-01-02T00:00:00.000Z'))
      await givenUsers(account('u1', 'ani@example.org'), account('u2', 'budi@example.org'))
      await current().members.upsert(membership('b1', 'u1', 'editor'))
      await current().members.upsert(membership('b2', 'u1', 'editor'))
      await current().members.upsert(membership('b1', 'u2', 'owner'))
      await current().members.remove('b1', 'u1')
      expect(await current().members.get('b1', 'u1')).toBeNull()
      expect(await current().members.get('b2', 'u1')).not.toBeNull()
      expect(await current().members.get('b1', 'u2')).not.toBeNull()
      await expect(current().members.remove('b1', 'nobody')).resolves.toBeUndefined()
    })

    it('removeByInvite removes exactly the roles granted by that invite and returns them', async () => {
      await givenBoards(board('b1', '2024-01-01T00:00:00.000Z'), board('b2', '2024-01-02T00:00:00.000Z'))
      await givenUsers(account('owner', 'owner@example.org'), guest('g1'), guest('g2'), guest('g3'), account('u4', 'dewi@example.org'))
      await current().invites.create(invite('doomed', 'b1', 'AAAAAAAA', '2024-01-02T00:00:00.000Z'))
      await current().invites.create(invite('kept', 'b1', 'BBBBBBBB', '2024-01-03T00:00:00.000Z'))
      await current().invites.create(invite('doomed-b2', 'b2', 'CCCCCCCC', '2024-01-03T00:00:00.000Z'))
      const viaDoomed = [membership('b1', 'g1', 'editor', 'doomed'), membership('b1', 'g2', 'viewer', 'doomed')]
      for (const m of viaDoomed) await current().members.upsert(m)
      await current().members.upsert(membership('b1', 'g3', 'editor', 'kept'))
      await current().members.upsert(membership('b1', 'owner', 'owner', null))
      await current().members.upsert(membership('b2', 'u4', 'editor', 'doomed-b2'))

      expect([...(await current().members.removeByInvite('doomed'))].sort(byUser)).toEqual([...viaDoomed].sort(byUser))
      expect(await current().members.get('b1', 'g1')).toBeNull()
      expect(await current().members.get('b1', 'g2')).toBeNull()
      expect(await current().members.get('b1', 'g3')).toEqual(membership('b1', 'g3', 'editor', 'kept'))
      expect(await current().members.get('b1', 'owner')).toEqual(membership('b1', 'owner', 'owner', null))
      expect(await current().members.get('b2', 'u4')).toEqual(membership('b2', 'u4', 'editor', 'doomed-b2'))
      expect(await current().members.removeByInvite('doomed')).toEqual([])
    })
  })

  describe('InviteStore', () => {
    it('create stores the invite and get / getByCode return it unchanged', async () => {
      await givenBoards(board('b1', '2024-01-01T00:00:00.000Z'))
      const created = invite('i1', 'b1', 'ABCDEFGH', '2024-01-02T03:04:05.678Z', { role: 'viewer', expiresAt: '2024-02-01T00:00:00.000Z' })
      await current().invites.create(created)
      expect(await current().invites.get('i1')).toEqual(created)
      expect(await current().invites.getByCode('ABCDEFGH')).toEqual(created)
    })

    it('get and getByCode of an unknown invite are null', async () => {
      await givenBoards(board('b1', '2024-01-01T00:00:00.000Z'))
      await current().invites.create(invite('i1', 'b1', 'ABCDEFGH', '2024-01-02T00:00:00.000Z'))
      expect(await current().invites.get('unknown')).toBeNull()
      expect(await current().invites.getByCode('HGFEDCBA')).toBeNull()
    })

    it('create with a code that is taken rejects with UniqueViolation and keeps the first', async () => {
      await givenBoards(board('b1', '2024-01-01T00:00:00.000Z'), board('b2', '2024-01-02T00:00:00.000Z'))
      const first = invite('i1', 'b1', 'ABCDEFGH', '2024-01-02T00:00:00.000Z')
      await current().invites.create(first)
      await expect(current().invites.create(invite('i2', 'b2', 'ABCDEFGH', '2024-01-03T00:00:00.000Z'))).rejects.toBeInstanceOf(UniqueViolation)
      expect(await current().invites.getByCode('ABCDEFGH')).toEqual(first)
      expect(await current().invites.get('i2')).toBeNull()
    })

    it('listForBoard returns that board’s invites newest first, revoked ones included', async () => {
      await givenBoards(board('b1', '2024-01-01T00:00:00.000Z'), board('b2', '2024-01-02T00:00:00.000Z'))
      const jan = invite('i-b', 'b1', 'AAAAAAAA', '2024-01-15T00:00:00.000Z')
      const mar = invite('i-c', 'b1', 'BBBBBBBB', '2024-03-01T00:00:00.000Z', { revokedAt: '2024-03-02T00:00:00.000Z' })
      const feb = invite('i-a', 'b1', 'CCCCCCCC', '2024-02-01T00:00:00.000Z', { role: 'viewer' })
      const other = invite('i-d', 'b2', 'DDDDDDDD', '2024-04-01T00:00:00.000Z')
      for (const i of [jan, mar, feb, other]) await current().invites.create(i)
      expect(await current().invites.listForBoard('b1')).toEqual([mar, feb, jan])
      expect(await current().invites.listForBoard('b2')).toEqual([other])
      expect(await current().invites.listForBoard('b3')).toEqual([])
    })

    it('revoke sets revokedAt once: a second revoke keeps the first time', async () => {
      await givenBoards(board('b1', '2024-01-01T00:00:00.000Z'))
      const target = invite('i1', 'b1', 'AAAAAAAA', '2024-01-02T00:00:00.000Z')
      const bystander = invite('i2', 'b1', 'BBBBBBBB', '2024-01-03T00:00:00.000Z')
      await current().invites.create(target)
      await current().invites.create(bystander)
      await current().invites.revoke('i1', '2024-05-01T00:00:00.000Z')
      expect(await current().invites.get('i1')).toEqual({ ...target, revokedAt: '2024-05-01T00:00:00.000Z' })
      await current().invites.revoke('i1', '2024-06-01T00:00:00.000Z')
      expect((await current().invites.get('i1'))?.revokedAt).toBe('2024-05-01T00:00:00.000Z')
      expect(await current().invites.get('i2')).toEqual(bystander)
    })
  })

  describe('cascades', () => {
    it('deleteBoard removes its members and invites, and leaves other boards’ and the people', async () => {
      await givenBoards(board('doomed', '2024-01-01T00:00:00.000Z'), board('kept', '2024-01-02T00:00:00.000Z'))
      await givenUsers(account('u1', 'ani@example.org'), guest('g1'))
      await current().invites.create(invite('i-doomed', 'doomed', 'AAAAAAAA', '2024-01-03T00:00:00.000Z'))
      await current().invites.create(invite('i-kept', 'kept', 'BBBBBBBB', '2024-01-03T00:00:00.000Z'))
      await current().members.upsert(membership('doomed', 'u1', 'owner'))
      await current().members.upsert(membership('doomed', 'g1', 'editor', 'i-doomed'))
      await current().members.upsert(membership('kept', 'u1', 'owner'))
      await current().members.upsert(membership('kept', 'g1', 'editor', 'i-kept'))

      await current().boards.deleteBoard('doomed')

      expect(await current().members.listForBoard('doomed')).toEqual([])
      expect(await current().members.get('doomed', 'u1')).toBeNull()
      expect(await current().invites.listForBoard('doomed')).toEqual([])
      expect(await current().invites.get('i-doomed')).toBeNull()
      expect(await current().invites.getByCode('AAAAAAAA')).toBeNull()
      expect(await current().members.boardsOf('u1')).toEqual([{ ...board('kept', '2024-01-02T00:00:00.000Z'), role: 'owner' }])
      expect(await current().members.listForBoard('kept')).toHaveLength(2)
      expect(await current().invites.get('i-kept')).not.toBeNull()
      expect(await current().users.get('u1')).not.toBeNull()
      expect(await current().users.get('g1')).not.toBeNull()
    })
  })
}
